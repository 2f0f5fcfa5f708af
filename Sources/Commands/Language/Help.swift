import ArgumentParser

/// Help pages for every verb of the prompt, grouped as `help` lists them.
public enum Help {
    /// The groups of `help`, in order, each with its verbs.
    public static var groups: [(title: String, verbs: [String])] {
        [("Simulations (each takes --seed, --json, --plain and --color)", Verbs.simulations.map(\.name)),
         ("Views", ["show"]),
         ("Session", ["vars", "set", "history", "clear", "help", "explain", "quit"]),
         ("Lessons", Verbs.lessonVerbs)]
    }

    /// One line per builtin, for the overview.
    static let summaries: [String: String] = [
        "show": "show VIEW: draw the last run in the visualizer (views: \(Verbs.views.map(\.view).joined(separator: ", ")))",
        "vars": "the last run's main values; 'vars PATTERN' filters, 'vars --all' lists all",
        "set": "set seed N: the seed of every run that does not name --seed",
        "history": "the lines typed so far",
        "clear": "clear the screen",
        "help": "help VERB or help TERM: a command's options, or a glossary entry",
        "explain": "explain TERM: a term in two or three plain sentences, with a source",
        "quit": "leave (also 'exit' or Ctrl-D)",
        "lessons": "list the lessons, with your progress",
        "lesson": "lesson ID: play a lesson; it resumes where you left off",
        "quiz": "quiz ID: only a lesson's questions",
        "progress": "your progress; 'progress --export FILE' writes a summary",
    ]

    public static func overview(seed: UInt64) -> String {
        var lines: [String] = []
        for (title, verbs) in groups {
            lines.append(title + ":")
            for v in verbs {
                let text = Verbs.lookup(v)?.configuration.abstract ?? summaries[v] ?? ""
                lines.append("  " + Format.pad(v, 14) + text)
            }
        }
        lines.append("The session seed is \(seed). Type 'help bb84' for a command's options, units, defaults and an example,")
        lines.append("and 'explain' for the glossary of terms the reports use.")
        return lines.joined(separator: "\n")
    }

    public static func simulation(_ type: any SimulationCommand.Type, verb: String, columns: Int) -> String {
        var page = type.helpMessage(columns: columns).trimmingCharacters(in: .newlines)
        let terms = Glossary.entries.filter { $0.commands.contains(verb) }.map(\.id)
        if !terms.isEmpty {
            page += "\n\n" + Format.wrap("TERMS: " + terms.map { "explain \($0)" }.joined(separator: ", "), width: columns)
        }
        return page
    }

    /// The page of a builtin or lesson verb; nil for anything else.
    public static func builtin(_ verb: String) -> String? {
        switch verb {
        case "show":
            return """
            show VIEW
              Draws the last run of a kind in the full-screen visualizer; with --plain or
              off a terminal it prints the report instead. Quit the view with q.
              Views: \(Verbs.views.map { "\($0.view) (after \($0.kind))" }.joined(separator: ", ")).
              Example: bb84 --photons 2000 then show distill
            """
        case "vars":
            return """
            vars [PATTERN | --all]
              Without a pattern: the seed and the most recent run's main values.
              PATTERN keeps the names that contain it (case-insensitive); * matches any run
              of characters, e.g. vars qber, vars last.e91.*, vars *Km.
              --all lists every stored value. Counts are whole numbers with digit grouping,
              other numbers have six significant digits.
              Lessons and quizzes read the same names, e.g. last.bb84.qber.
            """
        case "set":
            return """
            set seed N
              Sets the session seed, used by every run that does not name --seed.
              N is a whole number from 0 to 18,446,744,073,709,551,615. The prompt shows it.
              Example: set seed 7
            """
        case "history":
            return "history\n  Lists the lines typed so far, numbered; Up and Down recall them. They are kept in\n  $XDG_STATE_HOME/qkdtutor/history (the last 1,000 lines)."
        case "clear":
            return "clear\n  Clears the screen (Ctrl-L does too)."
        case "help":
            return "help [VERB | TERM]\n  Without a word: every command, grouped. With a command: its options, units,\n  defaults and an example. With a glossary term: the same as 'explain TERM'."
        case "explain":
            return "explain [TERM]\n  Explains a term a report prints, in two or three sentences, with its source and\n  the lesson that teaches it. Without a term: the list of terms. Tab completes them.\n  Example: explain chsh"
        case "quit":
            return "quit (or exit)\n  Leaves the prompt; Ctrl-D does too. The history is already saved."
        case "lessons":
            return "lessons\n  Lists the lessons with their level, length and your progress.\n  Same as 'qkdtutor lessons' in the shell."
        case "lesson":
            return "lesson ID|PATH [--restart] [--plain]\n  Plays a lesson (an id from 'lessons', or a path to a .lesson file). It resumes\n  where you left off; --restart starts from the first step. Lines starting with ':'\n  steer it (:help). Example: lesson bb84"
        case "quiz":
            return "quiz ID|PATH\n  Only the questions of a lesson, for self-checking; the simulations they need run\n  first with the lesson's seed. Example: quiz polarization"
        case "progress":
            return "progress [--reset ID] [--export FILE]\n  Shows your progress; --reset forgets one lesson; --export writes a summary for a\n  teacher to FILE."
        default:
            return nil
        }
    }
}
