"""Command failures in mongod's terms: a numeric code and its name."""

CODE_NAMES = {
    2: 'BadValue',
    8: 'UnknownError',
    9: 'FailedToParse',
    14: 'TypeMismatch',
    26: 'NamespaceNotFound',
    27: 'IndexNotFound',
    43: 'CursorNotFound',
    48: 'NamespaceExists',
    59: 'CommandNotFound',
    67: 'CannotCreateIndex',
    72: 'InvalidOptions',
    73: 'InvalidNamespace',
    85: 'IndexOptionsConflict',
    86: 'IndexKeySpecsConflict',
    171: 'CannotIndexParallelArrays',
    197: 'InvalidIndexSpecificationOption',
    238: 'NotImplemented',
    11000: 'DuplicateKey',
    14031: 'OutOfDiskSpace',
    40415: 'Location40415',
}


class CommandError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code

    def reply(self):
        return error_reply(self.code, str(self))


def error_reply(code, message):
    return {'ok': 0.0, 'errmsg': message, 'code': code,
            'codeName': CODE_NAMES.get(code, 'UnknownError')}
