"""mongomock's `$unwind`, made linear: it deep-copies the whole document once per array
element, array included, so unwinding a trip of 1000 waypoints copied a million waypoints.
This copies each element and the document's other fields once per output document. The
documents it outputs are the same, fields and documents in the same order.
"""

import copy

from mongomock import aggregate, helpers


def _handle_unwind_stage(in_collection, unused_database, options):
    if not isinstance(options, dict):
        options = {'path': options}
    path = options.get('path')
    if not isinstance(path, str) or not path.startswith('$') or '.' in path:
        # Nested paths and malformed stages keep mongomock's own handling (and errors).
        return _original(in_collection, unused_database, options)
    field = path[1:]
    preserve = options.get('preserveNullAndEmptyArrays')
    index_field = options.get('includeArrayIndex')
    unwound = []
    for doc in in_collection:
        value = doc.get(field, _MISSING)
        if value is _MISSING or value is None or value == []:
            if preserve:
                unwound.extend(_original([doc], unused_database, options))
            continue
        elements = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, element in elements:
            new_doc = {key: copy.deepcopy(element if key == field else item) for key, item in doc.items()}
            if index_field:
                new_doc = helpers.set_value_by_dot(new_doc, index_field, index)
            unwound.append(new_doc)
    return unwound


_MISSING = object()
_original = aggregate._handle_unwind_stage


def install():
    aggregate._PIPELINE_HANDLERS['$unwind'] = _handle_unwind_stage
