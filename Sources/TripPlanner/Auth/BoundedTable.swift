/// A dictionary of at most `capacity` entries that, when full, drops the entry that arrived
/// longest ago: constant time per insertion and lookup, whatever keys arrive, so a flood of
/// new keys (random usernames, made-up passwords) can neither grow it nor slow it down.
/// The arrival order is a ring of keys; a key removed early leaves its slot to be reused
/// when the ring comes round to it.
struct BoundedTable<Key: Hashable, Value> {
    let capacity: Int
    private(set) var values: [Key: Value] = [:]
    private var arrivals: [Key] = []
    private var next = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        values.reserveCapacity(capacity)
    }

    var count: Int { values.count }

    subscript(key: Key) -> Value? {
        values[key]
    }

    mutating func set(_ value: Value, for key: Key) {
        guard values.updateValue(value, forKey: key) == nil else { return }
        if arrivals.count < capacity {
            arrivals.append(key)
            return
        }
        let oldest = arrivals[next]
        if oldest != key {
            values[oldest] = nil
        }
        arrivals[next] = key
        next = (next + 1) % capacity
    }

    mutating func remove(_ key: Key) {
        values[key] = nil
    }

    /// Linear in the size: for rare events such as a password change, never per request.
    mutating func removeAll(where shouldRemove: (Value) -> Bool) {
        values = values.filter { !shouldRemove($0.value) }
    }
}
