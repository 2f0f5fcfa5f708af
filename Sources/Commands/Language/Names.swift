import QKD
import QKDNetwork

/// Scenario, node and preset names for completion and "choose one of" lists.
public enum ScenarioNames {
    public static var all: [String] { ScenarioLoader.bundledNames }
    public static var presets: [String] { SystemPreset.all.map(\.name) }

    /// The node ids of a bundled scenario (empty if it cannot be loaded).
    public static func nodes(_ scenario: String) -> [String] {
        ((try? ScenarioLoader.load(named: scenario))?.network.nodes.map(\.id) ?? []).sorted()
    }
}

/// The ground stations `satellite --station` accepts.
public enum StationNames {
    public static var all: [String] { ((try? RunSatellite.stations()) ?? []).map(\.name) }
}
