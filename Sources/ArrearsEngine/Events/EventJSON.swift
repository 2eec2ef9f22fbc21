extension Event {
    /// Canonical JSON text of an event's known fields (amounts as strings with two decimals).
    public static func canonicalJSON(id: EventID, caseID: CaseID, at: Instant, offsetSeconds: Int, body: EventBody) -> String {
        var fields: [(String, String)] = [
            ("id", JSONText.quote(id.rawValue)),
            ("type", JSONText.quote(body.type.rawValue)),
            ("case", JSONText.quote(caseID.rawValue)),
            ("at", JSONText.quote(at.rfc3339(offsetSeconds: offsetSeconds))),
        ]
        func money(_ e: Exact) -> String { JSONText.quote(e.formatted(decimals: 2)) }
        switch body {
        case let .invoice(invoice, amount, due):
            fields += [("invoice", JSONText.quote(invoice.rawValue)), ("amount", money(amount)), ("due", JSONText.quote(due.description))]
        case let .payment(amount, invoice):
            fields.append(("amount", money(amount)))
            if let invoice { fields.append(("invoice", JSONText.quote(invoice.rawValue))) }
        case let .credit(invoice, amount):
            fields += [("invoice", JSONText.quote(invoice.rawValue)), ("amount", money(amount))]
        case let .contact(channel, direction, outcome):
            fields += [("channel", JSONText.quote(channel.rawValue)), ("direction", JSONText.quote(direction.rawValue)),
                       ("outcome", JSONText.quote(outcome.rawValue))]
        case let .signal(name, until, cleared):
            fields.append(("signal", JSONText.quote(name)))
            if let until { fields.append(("until", JSONText.quote(until.description))) }
            if cleared { fields.append(("cleared", "true")) }
        case let .arrangement(status, installment):
            fields.append(("status", JSONText.quote(status.rawValue)))
            if let installment { fields.append(("installment", money(installment))) }
        case let .workDone(work, outcome, note):
            fields += [("work", JSONText.quote(work.description)), ("outcome", JSONText.quote(outcome.rawValue))]
            if let note { fields.append(("note", JSONText.quote(note))) }
        case let .customer(attributes):
            let members = attributes.map { key, update -> String in
                let value: String
                switch update {
                case .delete: value = "null"
                case .set(.string(let s)): value = JSONText.quote(s)
                case .set(.number(let n)): value = n.description
                case .set(.bool(let b)): value = b ? "true" : "false"
                }
                return JSONText.quote(key) + ":" + value
            }
            fields.append(("attributes", "{" + members.joined(separator: ",") + "}"))
        }
        return "{" + fields.map { JSONText.quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
