"""Item models: real QAbstractItemModels over the services' read models."""
