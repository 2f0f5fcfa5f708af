// qkdtutor: the executable only wires commands together; it holds no physics.
import Commands
import Foundation

// `qkdtutor run VERB …` goes through the prompt's checks and one-line errors.
if let status = RunCLI.run(Array(CommandLine.arguments.dropFirst())) { exit(status) }
QKDTutor.main()
