"""The window's settings: declared once with a type and a default, kept in a JSON file."""

from __future__ import annotations

import json

import pytest

from desktop.settings import MAX_RECENT, Setting, Settings, config_dir


@pytest.fixture
def path(tmp_path):  # type: ignore[no-untyped-def]
    return tmp_path / "config" / "settings.json"


def test_a_fresh_install_has_the_defaults(path) -> None:
    settings = Settings(path)
    assert settings.language == "vi"
    assert settings.recent_ledgers == []
    assert settings.last_ledger == ""
    assert not path.exists()  # nothing written until something changes


def test_settings_survive_a_restart(path) -> None:
    settings = Settings(path)
    settings.language = "en"
    settings.open_pages = ["overview", "group:3"]
    settings.window_geometry = "AdnQywADAAA="
    again = Settings(path)
    assert again.language == "en"
    assert again.open_pages == ["overview", "group:3"]
    assert again.window_geometry == "AdnQywADAAA="


def test_the_file_is_readable_json_with_vietnamese_kept_as_is(path) -> None:
    Settings(path).last_ledger = "D:/Sổ quỹ/Nguyễn Thị Lan.sqlite"
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "ledger.last": "D:/Sổ quỹ/Nguyễn Thị Lan.sqlite"}
    assert "Nguyễn" in path.read_text(encoding="utf-8")


def test_a_value_of_the_wrong_type_is_refused_at_once(path) -> None:
    settings = Settings(path)
    with pytest.raises(TypeError):
        settings.language = "fr"  # not one of the choices
    with pytest.raises(TypeError):
        settings.recent_ledgers = ["a.sqlite", 3]  # type: ignore[list-item]
    with pytest.raises(TypeError):
        settings.open_pages = "overview"  # type: ignore[assignment]
    assert not path.exists()


def test_a_hand_edited_wrong_value_falls_back_to_the_default(path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"language": 42, "ledger.recent": "x", "ledger.last": "a.sqlite"}),
                    encoding="utf-8")
    settings = Settings(path)
    assert settings.language == "vi"
    assert settings.recent_ledgers == []
    assert settings.last_ledger == "a.sqlite"


def test_a_damaged_file_does_not_stop_the_window_from_starting(path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    settings = Settings(path)
    assert settings.language == "vi"
    settings.language = "en"  # and the next save repairs it
    assert Settings(path).language == "en"


def test_editing_a_list_read_from_settings_does_not_change_them(path) -> None:
    settings = Settings(path)
    settings.recent_ledgers = ["a.sqlite"]
    read = settings.recent_ledgers
    read.append("b.sqlite")
    assert settings.recent_ledgers == ["a.sqlite"]


def test_a_ledger_opened_goes_first_in_recent_files_at_most_eight(path) -> None:
    settings = Settings(path)
    for number in range(10):
        settings.remember_ledger(f"/ledgers/{number}.sqlite")
    settings.remember_ledger("/ledgers/5.sqlite")
    assert settings.recent_ledgers[:3] == ["/ledgers/5.sqlite", "/ledgers/9.sqlite",
                                           "/ledgers/8.sqlite"]
    assert len(settings.recent_ledgers) == MAX_RECENT
    assert settings.last_ledger == "/ledgers/5.sqlite"


def test_forgetting_a_ledger_removes_it_from_recent_and_last(path) -> None:
    settings = Settings(path)
    settings.remember_ledger("/a.sqlite")
    settings.remember_ledger("/b.sqlite")
    settings.forget_ledger("/b.sqlite")
    assert settings.recent_ledgers == ["/a.sqlite"]
    assert settings.last_ledger == ""


def test_every_setting_is_declared_once_with_a_default_of_its_type() -> None:
    declared = Settings.declared()
    keys = [setting.key for setting in declared.values()]
    assert len(keys) == len(set(keys))
    for setting in declared.values():
        assert isinstance(setting, Setting)
        assert setting.accepts(setting.default), setting.key


def test_listeners_hear_each_change(path) -> None:
    settings = Settings(path)
    heard: list[str] = []
    settings.on_change(heard.append)
    settings.language = "en"
    settings.language = "en"  # no change, no news
    assert heard == ["language"]


def test_the_config_folder_can_be_moved_with_an_environment_variable(monkeypatch,
                                                                      tmp_path) -> None:
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "portable"))
    assert config_dir() == tmp_path / "portable"
    Settings().language = "en"
    assert (tmp_path / "portable" / "settings.json").exists()
