#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TripPlannerModels

/// Reads the fields of a JSON body and records every rule they break, so that one 400 can
/// name all of them. Each reader returns `nil` for an absent or broken value; `finish()`
/// throws if anything was recorded.
final class Validation {
    private var failures: [FieldFailure] = []
    /// Failures past what one error lists are only counted.
    private var omitted = 0

    func fail(_ path: FieldPath, _ message: String) {
        guard failures.count < APIError.maxFieldFailures else {
            omitted += 1
            return
        }
        failures.append(FieldFailure(path: path.description, message: message))
    }

    /// Throws `validation_failed` listing the failures recorded so far.
    func finish() throws {
        guard failures.isEmpty else { throw APIError.validationFailed(failures, omitted: omitted) }
    }

    /// Fields that are neither `writable` nor `ignored` (what the server renders itself). The
    /// lists are a few short keys each: comparing is cheaper than hashing.
    func rejectUnknownFields(
        of object: JSONObject, writable: [String], ignored: [String] = [], at path: @autoclosure () -> FieldPath
    ) {
        let isUnknown = { (key: String) in !writable.contains(key) && !ignored.contains(key) }
        guard object.members.contains(where: { isUnknown($0.key) }) else { return }
        // Sorted for a stable order of failures, which only a body that has them needs.
        for key in object.distinctMembers.keys.sorted() where isUnknown(key) {
            fail(path().appending(key), "is not a field that can be written")
        }
    }

    /// The value, unless it is `null` (never a value here) or required and missing.
    private func present(_ value: JSONValue?, at path: @autoclosure () -> FieldPath, required: Bool) -> JSONValue? {
        switch value {
        case nil:
            if required { fail(path(), "is required") }
            return nil
        case .null?:
            fail(path(), "must not be null")
            return nil
        case let value?:
            return value
        }
    }

    func string(_ value: JSONValue?, at path: @autoclosure () -> FieldPath, required: Bool = false) -> String? {
        guard let value = present(value, at: path(), required: required) else { return nil }
        guard case .string(let string) = value else {
            fail(path(), "must be a string")
            return nil
        }
        return string
    }

    /// A name: trimmed of surrounding white space, then 1 to `maxLength` characters as a
    /// person counts them (grapheme clusters, not bytes).
    func name(
        _ value: JSONValue?, at path: @autoclosure () -> FieldPath, required: Bool = false, maxLength: Int = 200
    ) -> String? {
        guard let raw = string(value, at: path(), required: required) else { return nil }
        let name = String(raw.trimmingWhitespace())
        // No more bytes than the limit means no more characters either, without counting them.
        guard !name.isEmpty, name.utf8.count <= maxLength || name.count <= maxLength else {
            fail(path(), "must be 1 to \(maxLength) characters, not counting surrounding white space")
            return nil
        }
        return name
    }

    func bool(_ value: JSONValue?, at path: @autoclosure () -> FieldPath) -> Bool? {
        guard let value = present(value, at: path(), required: false) else { return nil }
        guard case .bool(let flag) = value else {
            fail(path(), "must be true or false")
            return nil
        }
        return flag
    }

    func number(_ value: JSONValue?, at path: @autoclosure () -> FieldPath, in range: ClosedRange<Int>) -> Double? {
        guard let value = present(value, at: path(), required: true) else { return nil }
        guard case .number(let number) = value else {
            fail(path(), "must be a number")
            return nil
        }
        guard (Double(range.lowerBound)...Double(range.upperBound)).contains(number) else {
            fail(path(), "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return number
    }

    func array(_ value: JSONValue?, at path: @autoclosure () -> FieldPath, maxCount: Int) -> [JSONValue]? {
        guard let value = present(value, at: path(), required: false) else { return nil }
        guard case .array(let elements) = value else {
            fail(path(), "must be an array")
            return nil
        }
        guard elements.count <= maxCount else {
            fail(path(), "must have at most \(maxCount) items")
            return nil
        }
        return elements
    }

    func object(_ value: JSONValue, at path: @autoclosure () -> FieldPath) -> JSONObject? {
        guard case .object(let object) = value else {
            fail(path(), "must be an object")
            return nil
        }
        return object
    }
}
