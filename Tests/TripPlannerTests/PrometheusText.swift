/// A parsed Prometheus text exposition (format 0.0.4), strict enough to fail on anything a
/// scraper would reject: every line is a `# HELP`, a `# TYPE`, another comment, blank, or a
/// sample `name{label="value",…} value [timestamp]` of a family whose type was declared.
struct PrometheusText {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct ParseError: Error, CustomStringConvertible {
        let line: String
        let reason: String
        var description: String { "\(reason): \(line)" }
    }

    private(set) var samples: [Sample] = []
    /// Metric family names and their declared types.
    private(set) var types: [String: String] = [:]

    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("#") {
                try comment(line)
            } else if !line.isEmpty {
                try sample(line)
            }
        }
    }

    /// The value of the sample with exactly these labels, if there is one.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    private mutating func comment(_ line: String) throws {
        let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard words.count >= 3, words[0] == "#", ["HELP", "TYPE"].contains(words[1]) else { return }
        guard Self.isMetricName(words[2]) else { throw ParseError(line: line, reason: "bad metric name") }
        if words[1] == "TYPE" {
            guard words.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(words[3]) else {
                throw ParseError(line: line, reason: "bad type")
            }
            guard types.updateValue(words[3], forKey: words[2]) == nil else {
                throw ParseError(line: line, reason: "type declared twice")
            }
        }
    }

    private mutating func sample(_ line: String) throws {
        var rest = Substring(line)
        let name = String(rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") })
        guard Self.isMetricName(name) else { throw ParseError(line: line, reason: "bad metric name") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let label = String(rest.prefix { $0 != "=" })
                guard Self.isLabelName(label), labels[label] == nil else { throw ParseError(line: line, reason: "bad label name") }
                rest = rest.dropFirst(label.count)
                guard rest.hasPrefix("=\"") else { throw ParseError(line: line, reason: "label without a quoted value") }
                rest = rest.dropFirst(2)
                labels[label] = try Self.labelValue(&rest, line: line)
                if rest.first == "," { rest = rest.dropFirst() }
                guard !rest.isEmpty else { throw ParseError(line: line, reason: "unterminated labels") }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ", omittingEmptySubsequences: false)
        guard rest.first == " ", (2...3).contains(fields.count), let value = Self.number(fields[1]),
            fields.count == 2 || Int64(fields[2]) != nil
        else { throw ParseError(line: line, reason: "bad value") }
        guard types[name] != nil || types[Self.family(of: name)] == "histogram" || types[Self.family(of: name)] == "summary" else {
            throw ParseError(line: line, reason: "sample of an undeclared family")
        }
        samples.append(Sample(name: name, labels: labels, value: value))
    }

    /// Reads up to and past the closing quote, undoing the format's three escapes.
    private static func labelValue(_ rest: inout Substring, line: String) throws -> String {
        var value = ""
        while let character = rest.popFirst() {
            switch character {
            case "\"": return value
            case "\\":
                switch rest.popFirst() {
                case "\\": value.append("\\")
                case "\"": value.append("\"")
                case "n": value.append("\n")
                default: throw ParseError(line: line, reason: "bad escape")
                }
            default: value.append(character)
            }
        }
        throw ParseError(line: line, reason: "unterminated label value")
    }

    private static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }

    /// `x_bucket`, `x_sum` and `x_count` belong to histogram `x`.
    private static func family(of name: String) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    private static func isMetricName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_:][a-zA-Z0-9_:]*/) != nil
    }

    private static func isLabelName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_][a-zA-Z0-9_]*/) != nil
    }
}
