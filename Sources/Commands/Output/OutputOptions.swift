import ArgumentParser

extension ColorChoice: ExpressibleByArgument {}

/// The output flags every simulation command shares.
public struct OutputOptions: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Print one JSON object instead of text.")
    public var json = false

    @Option(name: .long, help: "Colour: auto (a TTY without NO_COLOR), always or never.")
    public var color: ColorChoice = .auto

    @Flag(name: .long, help: "Plain lines for screen readers: no colour, bars or glyph art.")
    public var plain = false

    public init() {}

    public var style: TextStyle { TextStyle.detect(color: color, plain: plain) }
}
