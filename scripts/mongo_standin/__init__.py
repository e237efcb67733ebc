"""A MongoDB wire-protocol server over mongomock, for machines without mongod.

Run it as ``python -m mongo_standin --port N --dbpath DIR``.
"""
