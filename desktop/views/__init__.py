"""The Qt window: thin views over Qt-free presenters and the domain."""
