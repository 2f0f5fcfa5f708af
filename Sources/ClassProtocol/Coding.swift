// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import TextSafety

/// Why a frame could not be read; the server answers each with one error frame.
public struct DecodeFailure: Error, Sendable, Equatable {
    public var ref: String?
    public var code: ErrorCode
    public var message: String
}

private enum EnvelopeKeys: String, CodingKey { case v, id, type }

private struct Envelope: Decodable {
    var v: Int?
    var id: String?
    var type: String?
}

extension ClientMessage {
    /// Reads one frame. Every failure names the limit or field at fault.
    public static func decode(_ text: String) -> Result<ClientMessage, DecodeFailure> {
        let data = Data(text.utf8)
        guard data.count <= ClassProtocol.maxFrameBytes else {
            return .failure(.init(ref: nil, code: .malformed, message: "frame of \(data.count) bytes exceeds the limit of \(ClassProtocol.maxFrameBytes)"))
        }
        let decoder = JSONDecoder()
        guard let env = try? decoder.decode(Envelope.self, from: data) else {
            return .failure(.init(ref: nil, code: .malformed, message: "not a JSON object with v, id and type"))
        }
        guard let id = env.id, !id.isEmpty, id.count <= ClassProtocol.maxIdLength, !id.unicodeScalars.contains(where: isControl) else {
            return .failure(.init(ref: nil, code: .malformed, message: "missing or bad id (1 to \(ClassProtocol.maxIdLength) printable characters)"))
        }
        guard env.v == ClassProtocol.version else {
            return .failure(.init(ref: id, code: .version, message: "protocol version \(env.v.map(String.init) ?? "missing"); this server speaks \(ClassProtocol.version)"))
        }
        guard let type = env.type else { return .failure(.init(ref: id, code: .malformed, message: "missing type")) }
        do {
            let body: ClientBody
            switch type {
            case "hello": body = .hello(try decoder.decode(Hello.self, from: data))
            case "step": body = .step(try decoder.decode(StepEvent.self, from: data))
            case "hint": body = .hint(try decoder.decode(HintEvent.self, from: data))
            case "answer": body = .answer(try decoder.decode(AnswerEvent.self, from: data))
            case "open": body = .open(try decoder.decode(OpenLesson.self, from: data))
            case "close": body = .close
            case "roster": body = .roster
            case "export": body = .export
            case "game-start": body = .gameStart(try decoder.decode(GameStart.self, from: data))
            case "game-join": body = .gameJoin(try decoder.decode(GameJoin.self, from: data))
            case "game-action": body = .gameAction(try decoder.decode(GameActionFrame.self, from: data))
            default:
                return .failure(.init(ref: id, code: .unknownType, message: "unknown message type '\(ClassText.printable(type, limit: 32))'"))
            }
            return .success(ClientMessage(id: id, body: body))
        } catch {
            return .failure(.init(ref: id, code: .malformed, message: "fields of '\(type)' do not match the protocol: \(Self.describe(error))"))
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let k, _): "missing field '\(k.stringValue)'"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "wrong type at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let c): "bad value at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: "unreadable"
        }
    }

    public func encoded() -> String {
        var fields: [String: Any] = [:]
        switch body {
        case .hello(let x): fields = jsonObject(x)
        case .step(let x): fields = jsonObject(x)
        case .hint(let x): fields = jsonObject(x)
        case .answer(let x): fields = jsonObject(x)
        case .open(let x): fields = jsonObject(x)
        case .close, .roster, .export: break
        case .gameStart(let x): fields = jsonObject(x)
        case .gameJoin(let x): fields = jsonObject(x)
        case .gameAction(let x): fields = jsonObject(x)
        }
        fields["v"] = v; fields["id"] = id; fields["type"] = body.type
        return serialize(fields)
    }
}

extension ServerMessage {
    public func encoded() -> String {
        var fields: [String: Any] = [:]
        switch body {
        case .welcome(let x): fields = jsonObject(x)
        case .ack(let x): fields = jsonObject(x)
        case .error(let x): fields = jsonObject(x)
        case .lesson(let x): if let x { fields["lesson"] = jsonObject(x) }
        case .tally(let x): fields = jsonObject(x)
        case .roster(let x): fields = jsonObject(x)
        case .export(let x): fields = jsonObject(x)
        case .gameOpened(let x): fields = jsonObject(x)
        case .gameView(let x): fields = jsonObject(x)
        case .gamePublic(let x): fields = jsonObject(x)
        case .gameProjector(let x): fields = jsonObject(x)
        }
        fields["v"] = v; fields["type"] = body.type
        return serialize(fields)
    }

    private struct LessonPush: Decodable { var lesson: LessonRef? }

    public static func decode(_ text: String) -> ServerMessage? {
        let data = Data(text.utf8)
        let d = JSONDecoder()
        guard let env = try? d.decode(Envelope.self, from: data), env.v == ClassProtocol.version, let type = env.type else { return nil }
        do {
            switch type {
            case "welcome": return ServerMessage(.welcome(try d.decode(Welcome.self, from: data)))
            case "ack": return ServerMessage(.ack(try d.decode(Ack.self, from: data)))
            case "error": return ServerMessage(.error(try d.decode(ErrorFrame.self, from: data)))
            case "lesson": return ServerMessage(.lesson(try d.decode(LessonPush.self, from: data).lesson))
            case "tally": return ServerMessage(.tally(try d.decode(Tally.self, from: data)))
            case "roster": return ServerMessage(.roster(try d.decode(Roster.self, from: data)))
            case "export": return ServerMessage(.export(try d.decode(ExportRows.self, from: data)))
            case "game": return ServerMessage(.gameOpened(try d.decode(GameOpened.self, from: data)))
            case "game-view": return ServerMessage(.gameView(try d.decode(GameView.self, from: data)))
            case "game-public": return ServerMessage(.gamePublic(try d.decode(GamePublic.self, from: data)))
            case "game-projector": return ServerMessage(.gameProjector(try d.decode(GameProjector.self, from: data)))
            default: return nil
            }
        } catch { return nil }
    }
}

private func jsonObject<T: Encodable>(_ value: T) -> [String: Any] {
    let enc = JSONEncoder()
    guard let data = try? enc.encode(value),
          let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
    return obj
}

private func serialize(_ fields: [String: Any]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
}

private func isControl(_ u: Unicode.Scalar) -> Bool { ClassText.isControl(u) }

/// Text from the network never reaches a terminal with control characters.
public enum ClassText {
    /// Controls, Unicode format characters (bidi overrides), separators,
    /// surrogates, private use and unassigned code points (`TextSafety`).
    public static func isControl(_ u: Unicode.Scalar) -> Bool {
        ControlCharacters.isNotPlainText(u)
    }

    /// Strips control and format characters (escape sequences lose their ESC),
    /// trims, and cuts to `limit` characters.
    public static func printable(_ s: String, limit: Int) -> String {
        let t = InertText.stripping(s, where: isControl).trimmingCharacters(in: .whitespaces)
        return String(t.prefix(limit))
    }

    /// One line of a server's text for the terminal: control characters (escapes
    /// included) stripped, leading indentation kept (tables and indented channel
    /// lines stay aligned), trailing blanks dropped, at most `limit` characters.
    public static func line(_ s: String, limit: Int) -> String {
        var t = Substring(InertText.stripping(s, where: isControl))
        while let last = t.last, last == " " || last == "\t" { t = t.dropLast() }
        return String(t.prefix(limit))
    }

    /// A student's display name: control characters stripped, then 1 to 64 characters.
    public static func name(_ s: String) -> String? {
        let n = printable(s, limit: Int.max)
        return n.isEmpty || n.count > ClassProtocol.maxNameLength ? nil : n
    }
}
