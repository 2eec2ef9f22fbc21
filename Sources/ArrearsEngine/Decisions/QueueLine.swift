extension WorkItem {
    /// The item as one line of `queue.jsonl` (SPEC §5), times in the calendar's time zone.
    /// Fields in a fixed order; `contact_until` only for items with a channel.
    public func queueLine(timeZone: LocalTimeZone, ruleSet label: String) -> String {
        queueLineHead(timeZone: timeZone) + Self.queueLineTail(ruleSet: label)
    }

    /// The line up to (not including) its last field, `ruleset`: what does not depend on the
    /// rule set's label, so it can be rendered once when the item changes and stored.
    public func queueLineHead(timeZone: LocalTimeZone) -> String {
        func strings(_ xs: [String]) -> String { "[" + xs.map(JSONText.quote).joined(separator: ",") + "]" }
        var out = "{\"id\":" + JSONText.quote(id.description)
        out += ",\"case\":" + JSONText.quote(id.caseID.rawValue)
        out += ",\"action\":" + JSONText.quote(id.action)
        out += ",\"kind\":" + JSONText.quote(kind.rawValue)
        if let channel { out += ",\"channel\":" + JSONText.quote(channel.rawValue) }
        out += ",\"priority\":\(priority)"
        out += ",\"due\":" + JSONText.quote(timeZone.rfc3339(due))
        if let contactUntil { out += ",\"contact_until\":" + JSONText.quote(timeZone.rfc3339(contactUntil)) }
        out += ",\"rules\":" + strings(rules)
        out += ",\"reasons\":" + strings(reasons)
        out += ",\"tags\":" + strings(tags)
        out += ",\"notes\":" + strings(notes)
        out += ",\"facts\":{\"arrears_amount\":" + JSONText.quote(facts.arrearsAmount.formatted(decimals: 2))
        out += ",\"arrears_days\":\(facts.arrearsDays)}"
        out += ",\"opened\":" + JSONText.quote(timeZone.rfc3339(opened))
        out += ",\"updated\":" + JSONText.quote(timeZone.rfc3339(updated))
        return out
    }

    /// What follows ``queueLineHead(timeZone:)`` to make a whole line.
    public static func queueLineTail(ruleSet label: String) -> String { ",\"ruleset\":" + JSONText.quote(label) + "}" }
}
