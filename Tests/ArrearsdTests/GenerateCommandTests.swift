import ArrearsEngine
import Foundation
import Testing

/// `arrearsd generate`: reproducible, valid, realistic event files.
@Suite struct GenerateCommandTests {
    static let actions: Set<String> = ["call", "sms", "reminder_letter", "final_notice", "offer_arrangement", "refer_debt_help",
                                       "verify_contact", "inform_debt_helper", "review_dispute", "signal_municipality"]

    func generate(_ dir: TemporaryDirectory, _ name: String, _ extra: [String]) throws -> Arrearsd.Result {
        try Arrearsd.run(["generate", "--out", dir.path(name)] + extra)
    }

    func files(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    @Test func sameArgumentsGiveByteIdenticalFilesAndAnotherSeedDoesNot() throws {
        let dir = try TemporaryDirectory()
        let args = ["--cases", "150", "--days", "70", "--seed", "7", "--start", "2026-03-01"]
        #expect(try generate(dir, "a", args).status == 0)
        #expect(try generate(dir, "b", args).status == 0)
        let seed8 = try generate(dir, "c", ["--cases", "150", "--days", "70", "--seed", "8", "--start", "2026-03-01"])
        #expect(seed8.status == 0)
        let names = try files(dir.path("a"))
        #expect(names.count == 70)
        #expect(names.first == "2026-03-01.jsonl" && names.last == "2026-05-09.jsonl")
        #expect(try files(dir.path("b")) == names)
        var differs = false
        for name in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir.path("a/" + name)))
            #expect(a == (try Data(contentsOf: URL(fileURLWithPath: dir.path("b/" + name)))), "\(name)")
            if a != (try Data(contentsOf: URL(fileURLWithPath: dir.path("c/" + name)))) { differs = true }
        }
        #expect(differs)
    }

    @Test func everyLineParsesIdsAreUniqueAndNameOrderIsTimeOrder() throws {
        let dir = try TemporaryDirectory()
        let r = try generate(dir, "out", ["--cases", "300", "--days", "120", "--seed", "3", "--files-per-day", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try files(dir.path("out"))
        #expect(names.count == 360)
        #expect(names.prefix(3) == ["2026-01-01-0001.jsonl", "2026-01-01-0002.jsonl", "2026-01-01-0003.jsonl"])
        var ids = Set<String>(), cases = Set<String>(), invoices = Set<String>()
        var types: [EventType: Int] = [:], outcomes = Set<ContactOutcome>(), signals = Set<String>()
        var statuses = Set<ArrangementStatus>()
        var last = Instant(microseconds: .min)
        var count = 0
        for name in names {
            let text = try String(contentsOfFile: dir.path("out/" + name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let event = try EventParser().parse(line: line)
                count += 1
                #expect(ids.insert(event.id.rawValue).inserted, "duplicate id \(event.id)")
                #expect(event.at >= last, "\(name): \(event.id) out of time order")
                last = event.at
                #expect(event.warnings.isEmpty, "\(line)")
                // Written in the layout of the engine's own canonical JSON.
                #expect(String(line) == Event.canonicalJSON(id: event.id, caseID: event.caseID, at: event.at,
                                                            offsetSeconds: event.offsetSeconds, body: event.body))
                cases.insert(event.caseID.rawValue)
                types[event.type, default: 0] += 1
                switch event.body {
                case .invoice(let invoice, _, _):
                    #expect(invoices.insert(event.caseID.rawValue + "/" + invoice.rawValue).inserted)
                case .contact(_, _, let outcome): outcomes.insert(outcome)
                case .signal(let name, _, _): signals.insert(name)
                case .arrangement(let status, _): statuses.insert(status)
                case .workDone(let work, _, _):
                    #expect(work.caseID == event.caseID)
                    #expect(Self.actions.contains(work.action), "\(work)")
                default: break
                }
            }
        }
        #expect(r.stderr.contains("generated \(count) events for 300 cases over 120 days in 360 files"), "\(r.stderr)")
        #expect(cases.count == 300)
        #expect(Set(types.keys) == Set(EventType.allCases), "\(types)")
        // Monthly invoices: four or five per case in 120 days, most invoices paid.
        #expect((1_000...1_500).contains(types[.invoice] ?? 0), "\(types)")
        #expect((types[.payment] ?? 0) > (types[.invoice] ?? 0) * 3 / 4, "\(types)")
        #expect(outcomes.isSuperset(of: [.reached, .noAnswer, .voicemail, .delivered]))
        #expect(signals.isSuperset(of: ["cannot_pay", "debt_help", "dispute"]), "\(signals)")
        #expect(statuses.isSuperset(of: [.agreed, .completed, .broken]), "\(statuses)")
    }

    @Test func singleEventFilesKeepTheStreamAndItsOrder() throws {
        let dir = try TemporaryDirectory()
        let args = ["--cases", "40", "--days", "45", "--seed", "5"]
        #expect(try generate(dir, "days", args).status == 0)
        let r = try generate(dir, "single", args + ["--events-per-file", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try files(dir.path("single"))
        #expect(names.first?.count == "2026-01-01-000001.jsonl".count)
        #expect(r.stderr.contains("in \(names.count) files"), "\(r.stderr)")
        var concatenated = ""
        for name in names {
            let text = try String(contentsOfFile: dir.path("single/" + name), encoding: .utf8)
            #expect(text.split(separator: "\n").count == 1, "\(name)")
            concatenated += text
        }
        var whole = ""
        for name in try files(dir.path("days")) { whole += try String(contentsOfFile: dir.path("days/" + name), encoding: .utf8) }
        #expect(concatenated == whole)
        #expect(names.count == whole.split(separator: "\n").count)
    }

    @Test func invalidArgumentsAreUsageErrors() throws {
        let dir = try TemporaryDirectory()
        #expect(try generate(dir, "x", ["--cases", "0"]).status == 64)
        #expect(try generate(dir, "x", ["--start", "2026-02-30"]).status == 64)
        #expect(try Arrearsd.run(["generate", "--cases", "5"]).status == 64)  // --out missing
        #expect(try generate(dir, "x", ["--events-per-file", "0"]).status == 64)
        #expect(try generate(dir, "x", ["--events-per-file", "5", "--files-per-day", "2"]).status == 64)
    }
}
