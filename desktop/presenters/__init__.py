"""Qt-free presenters: what each screen shows (rows, totals, validation, raw and display
values), driven by tests without a display. The Qt side in ``desktop/views`` is a thin adapter."""
