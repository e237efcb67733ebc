"""The BSON settings used for every message and for the data file."""

from bson.codec_options import CodecOptions, DatetimeConversion

# Values must come back exactly as the client sent them. pymongo already
# decodes int64 as bson.Int64 (which re-encodes as int64) and int32 as int.
# Datetimes decode naive, which is how mongomock stores them (as UTC), and
# DATETIME_AUTO keeps dates outside Python's range as DatetimeMS instead of
# failing the whole message.
CODEC = CodecOptions(datetime_conversion=DatetimeConversion.DATETIME_AUTO)
