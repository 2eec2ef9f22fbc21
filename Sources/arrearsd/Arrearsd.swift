import ArgumentParser

@main
struct Arrearsd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrearsd",
        abstract: "Social debt collection daemon: events in, a prioritised queue of work items out.",
        subcommands: [
            RunCommand.self, CheckCommand.self, TestCommand.self, ExplainCommand.self,
            QueueCommand.self, SimulateCommand.self, GenerateCommand.self,
        ]
    )
}
