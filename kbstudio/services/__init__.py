"""Use cases over the storage layer: the Workspace facade the CLI and the GUI call."""
