// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import QKD

/// Reads scenario files. Errors read `file: message`.
public enum ScenarioLoader {
    /// The bundled scenarios, in teaching order.
    public static let bundledNames = ["secoqc-2008", "jinan-2017", "beijing-shanghai", "micius", "beijing-vienna"]

    public static func bundledURL(_ name: String) throws -> URL {
        guard bundledNames.contains(name), let url = installedURL(name)
            ?? Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Scenarios")
        else {
            throw NetworkError("unknown scenario '\(name)' (scenarios: \(bundledNames.joined(separator: ", ")))")
        }
        return url
    }

    /// After `make install` the scenarios live in `<prefix>/share/qkdtutor/Scenarios`;
    /// looked up first because SwiftPM's resource accessor traps when its
    /// build folder is gone.
    static func installedURL(_ name: String) -> URL? {
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let url = exe.deletingLastPathComponent()
            .appendingPathComponent("../share/qkdtutor/Scenarios/\(name).json").standardized
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    public static func load(named name: String, cancellation: CancellationToken? = nil) throws -> Scenario {
        try load(url: try bundledURL(name), cancellation: cancellation)
    }

    /// A bundled scenario's one-line description, read without evaluating any link rate.
    public static func description(named name: String) throws -> String {
        TerminalSafe.clean(try JSONDecoder().decode(ScenarioFile.self, from: Data(contentsOf: try bundledURL(name))).description)
    }

    /// The ground stations of a bundled scenario, read without evaluating any link rate.
    public static func groundStations(named name: String) throws -> [GroundStation] {
        let f = TerminalSafe.clean(try JSONDecoder().decode(ScenarioFile.self, from: Data(contentsOf: try bundledURL(name))))
        return f.nodes.compactMap { n in
            guard n.kind == .groundStation, let la = n.latitudeDeg, let lo = n.longitudeDeg else { return nil }
            return GroundStation(name: n.id, latitudeDeg: la, longitudeDeg: lo, altitudeM: n.siteAltitudeM ?? 0, source: n.source)
        }
    }

    public static func load(url: URL, cancellation: CancellationToken? = nil) throws -> Scenario {
        let file = url.lastPathComponent
        let data: Data
        do {
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            guard size <= maxFileBytes else {
                throw NetworkError("\(file): scenario files are limited to \(maxFileBytes.groupedDigits) bytes (got \(size.groupedDigits))")
            }
            data = try Data(contentsOf: url)
        } catch let e as NetworkError { throw e } catch {
            throw NetworkError("\(TerminalSafe.clean(file)): cannot read the file (\(TerminalSafe.clean(error.localizedDescription)))")
        }
        return try parse(data, file: file, cancellation: cancellation)
    }

    public static func parse(_ data: Data, file: String, cancellation: CancellationToken? = nil) throws -> Scenario {
        let f: ScenarioFile
        let file = TerminalSafe.clean(file)
        do { f = try JSONDecoder().decode(ScenarioFile.self, from: data) } catch let e as DecodingError {
            throw NetworkError("\(file): \(TerminalSafe.clean(describe(e)))")
        }
        do { return try build(f, cancellation: cancellation) } catch let e as NetworkError {
            throw NetworkError("\(file): \(e.message)")
        } catch let e as CancelledError {
            throw e
        } catch {
            throw NetworkError("\(file): \(error)")
        }
    }

    /// Largest scenario accepted: nodes listed plus nodes made by groups.
    public static let maxNodes = 10_000
    /// Largest scenario file read (bytes).
    public static let maxFileBytes = 8 << 20

    /// Merges the nodes and links of the bundled scenarios `raw` includes (one level deep).
    static func resolveIncludes(_ raw: ScenarioFile) throws -> ScenarioFile {
        var f = raw
        for name in raw.includes ?? [] {
            let clean = TerminalSafe.clean(name)
            guard bundledNames.contains(name) else {
                throw NetworkError("includes '\(clean)': only bundled scenarios can be included (\(bundledNames.joined(separator: ", ")))")
            }
            let data: Data
            do { data = try Data(contentsOf: try bundledURL(name)) } catch {
                throw NetworkError("includes '\(clean)': cannot read it")
            }
            let inc = try JSONDecoder().decode(ScenarioFile.self, from: data)
            guard (inc.includes ?? []).isEmpty else { throw NetworkError("includes '\(clean)': included scenarios cannot include others") }
            f.nodes = inc.nodes + f.nodes
            f.nodeGroups = (inc.nodeGroups ?? []) + (f.nodeGroups ?? [])
            f.links = inc.links.map { l in
                var l = l
                // The included links keep their own defaults.
                if l.preset == nil { l.preset = inc.defaults.preset }
                if l.model == nil { l.model = inc.defaults.model }
                return l
            } + f.links
        }
        f.includes = nil
        return f
    }

    static func build(_ given: ScenarioFile, cancellation: CancellationToken? = nil) throws -> Scenario {
        let raw = try resolveIncludes(given)
        // Count before building anything, so a huge file fails fast.
        var count = raw.nodes.count
        for g in raw.nodeGroups ?? [] {
            guard g.count >= 1 else { throw NetworkError("node group '\(TerminalSafe.clean(g.prefix))': count must be 1 or more") }
            count += g.count
            if count > maxNodes { break }
        }
        guard count <= maxNodes else {
            throw NetworkError("scenario has more than \(maxNodes.groupedDigits) nodes (the limit is \(maxNodes.groupedDigits))")
        }
        let f = TerminalSafe.clean(raw)
        func needSource(_ s: String, _ what: String) throws {
            if s.trimmingCharacters(in: .whitespaces).isEmpty { throw NetworkError("\(what) has no source") }
        }
        for fact in f.facts { try needSource(fact.source, "fact '\(fact.name)'") }
        var nodes = f.nodes
        for n in nodes { try needSource(n.source, "node '\(n.id)'") }
        var specs = f.links
        for g in f.nodeGroups ?? [] {
            try needSource(g.source, "node group '\(g.prefix)'")
            guard (1...maxNodes).contains(g.count), !g.attachTo.isEmpty else {
                throw NetworkError("node group '\(g.prefix)': count must be 1 to \(maxNodes.groupedDigits) and attachTo non-empty")
            }
            for i in 1...g.count {
                let id = g.prefix + String(format: "%03d", i)
                nodes.append(Node(id: id, kind: g.kind, source: g.source))
                // (String(format:) pads to 3 digits; larger groups simply get longer numbers.)
                specs.append(.init(id: nil, from: id, to: g.attachTo[(i - 1) % g.attachTo.count], kind: .fiber,
                                   lengthKm: g.lengthKm, source: g.source))
            }
        }
        var links: [Link] = []
        for s in specs {
            try needSource(s.source, "link \(s.from)–\(s.to)")
            let kind = s.kind ?? .fiber
            guard let length = kind == .fiber ? s.lengthKm : 0 else {
                throw NetworkError("link \(s.from)–\(s.to): a fiber link needs lengthKm")
            }
            links.append(Link(id: s.id ?? "\(s.from)-\(s.to)", from: s.from, to: s.to, kind: kind, lengthKm: length,
                              preset: s.preset ?? f.defaults.preset, model: s.model ?? f.defaults.model,
                              maxElevationDeg: s.maxElevationDeg, passesPerDay: s.passesPerDay, via: s.via,
                              publishedRateBps: s.publishedRateBps, publishedRateSource: s.publishedRateSource, source: s.source))
        }
        let net = try Network(nodes: nodes, links: links, cancellation: cancellation)
        for r in f.defaults.requests { _ = try net.requireNode(r.from); _ = try net.requireNode(r.to) }
        return Scenario(id: f.id, title: f.title, description: f.description, illustrative: f.illustrative,
                        facts: f.facts, network: net, defaultRequests: f.defaults.requests,
                        poolCapacityBits: f.defaults.poolCapacityBits)
    }

    static func describe(_ e: DecodingError) -> String {
        func path(_ c: [CodingKey]) -> String {
            c.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch e {
        case .keyNotFound(let k, let c): return "missing field '\(path(c.codingPath + [k]))'"
        case .typeMismatch(_, let c): return "wrong type at '\(path(c.codingPath))': \(c.debugDescription)"
        case .valueNotFound(_, let c): return "missing value at '\(path(c.codingPath))'"
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "not valid JSON" : "bad value at '\(path(c.codingPath))': \(c.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}
