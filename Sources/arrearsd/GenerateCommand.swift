import ArgumentParser
import ArrearsEngine
import ArrearsSynthetic
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic synthetic event stream (for demos, tests and benchmarks).",
        discussion: """
            Writes one .jsonl file per day (YYYY-MM-DD.jsonl), or --files-per-day K files per day \
            (YYYY-MM-DD-0001.jsonl …), or files of --events-per-file N events \
            (YYYY-MM-DD-000001.jsonl …), so that byte-wise name order is time order; each file is \
            written under a hidden name and renamed in, so DIR may be a daemon's inbox. The same \
            arguments always give byte-identical files. Cases get monthly invoices due 14 days \
            later; most are paid on time, some after a payday or in part, the rest go through \
            collection (calls, SMS, letters with their work_done events, arrangements, can't-pay, \
            debt help, disputes, breathing space). Times are in Europe/Amsterdam.
            """
    )

    @Option(help: "Number of cases (customer accounts).") var cases: Int = 1000
    @Option(help: "Number of days to generate.") var days: Int = 90
    @Option(help: "Random seed: the same seed gives the same events.") var seed: UInt64 = 1
    @Option(help: "Directory to write the files to (created if missing).") var out: String
    @Option(help: "First day of the period (YYYY-MM-DD).") var start: String = "2026-01-01"
    @Option(help: "Split each day into this many files (a many-small-files load).") var filesPerDay: Int = 1
    @Option(help: "Instead: files of at most N events each (YYYY-MM-DD-000001.jsonl …); 1 gives single-event files.")
    var eventsPerFile: Int?

    func validate() throws {
        if cases < 1 { throw ValidationError("--cases must be at least 1") }
        if days < 1 { throw ValidationError("--days must be at least 1") }
        if !(1...9999).contains(filesPerDay) { throw ValidationError("--files-per-day must be 1 to 9999") }
        if let eventsPerFile, eventsPerFile < 1 { throw ValidationError("--events-per-file must be at least 1") }
        if eventsPerFile != nil && filesPerDay != 1 { throw ValidationError("give --files-per-day or --events-per-file, not both") }
        if LocalDate(start) == nil { throw ValidationError("--start: '\(start)' is not a date YYYY-MM-DD") }
    }

    func run() throws {
        guard let zone = LocalTimeZone(identifier: "Europe/Amsterdam") else { throw ExitCode(ExitStatus.config) }
        let settings = GeneratorSettings(cases: cases, days: days, seed: seed, start: LocalDate(start)!, timeZone: zone)
        var stderr = StandardError()
        var writer: EventFileWriter
        do {
            let split = eventsPerFile.map { FileSplit.eventsPerFile($0) } ?? .filesPerDay(filesPerDay)
            writer = try EventFileWriter(directory: URL(fileURLWithPath: out), split: split)
        } catch {
            print("error: cannot create \(out): \(error.localizedDescription)", to: &stderr)
            throw ExitCode(ExitStatus.ioError)
        }
        let generator = EventStreamGenerator(settings)
        let events: Int
        do {
            events = try generator.run { date, dayEvents in try writer.write(date, dayEvents) }
        } catch {
            print("error: writing to \(out) failed: \(error.localizedDescription)", to: &stderr)
            throw ExitCode(ExitStatus.ioError)
        }
        print("generated \(events) events for \(cases) cases over \(days) days in \(writer.files) files in \(out) (seed \(seed))", to: &stderr)
    }
}
