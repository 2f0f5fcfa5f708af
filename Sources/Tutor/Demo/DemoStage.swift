import Commands

/// Where a demo is shown besides its line-mode text stream. DemoIO always
/// produces that stream (the recorder and line mode use it); a stage such as
/// the studio presents the same moments its own way and supplies the keys.
/// Pacing, typing and the transcript stay in DemoIO, so both modes match.
public protocol DemoStage: AnyObject {
    /// Presenter keys read from the stage's own input.
    var keys: PresenterInput? { get }
    /// A lesson event, after DemoIO has written its line-mode text.
    func show(_ event: LessonEvent)
    /// The command row: a prompt with what is typed so far, or a notice ("" clears it).
    func commandLine(_ text: String)
    func paused(_ on: Bool)
    /// What a command typed live by the presenter produced.
    func live(_ outcome: Outcome)
    /// r: open or close the report pane (the run's full text report).
    func toggleReport()
    /// What a command typed live runs with: the stage's Ctrl-C token, so it stops the run.
    func liveContext() -> ExecutionContext
}

extension DemoStage {
    public func toggleReport() {}
    public func liveContext() -> ExecutionContext { ExecutionContext() }
}
