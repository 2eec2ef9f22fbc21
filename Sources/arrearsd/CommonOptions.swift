import ArgumentParser

/// Options shared by the subcommands (SPEC §2).
struct CommonOptions: ParsableArguments {
    @Option(help: "Rules directory: every *.rules file in it, in name order, is one rule set.")
    var rules: String = "./rules"

    @Option(help: "Data directory (inbox, archive, rejected, queue.jsonl, state.sqlite).")
    var data: String = "./var"

    @Option(help: "Pin the clock to this RFC 3339 time (tests, demos, simulation).")
    var now: String?

    @Option(help: "Where logs go: journald, stderr or auto.")
    var log: String = "auto"
}

/// Exit codes of SPEC §2.
enum ExitStatus {
    static let failed: Int32 = 1
    static let usage: Int32 = 64
    static let ioError: Int32 = 74
    static let config: Int32 = 78
}
