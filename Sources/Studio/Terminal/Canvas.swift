import CNcurses

public struct Size: Sendable, Equatable, CustomStringConvertible {
    public var rows: Int
    public var cols: Int
    public init(rows: Int, cols: Int) { self.rows = rows; self.cols = cols }
    public var description: String { "\(cols)×\(rows)" }
}

/// A rectangle of a curses window that views draw into. Text is clipped to
/// the rectangle, so a view can never scribble over another pane.
public struct Canvas {
    let window: UnsafeMutablePointer<WINDOW>
    let top: Int, leftEdge: Int
    public let size: Size
    public let theme: Theme

    init(window: UnsafeMutablePointer<WINDOW>, top: Int, left: Int, size: Size, theme: Theme) {
        self.window = window; self.top = top; self.leftEdge = left; self.size = size; self.theme = theme
    }

    /// A sub-rectangle, in this canvas's coordinates.
    public func region(row: Int, col: Int, rows: Int, cols: Int) -> Canvas {
        let r = max(0, min(rows, size.rows - row)), c = max(0, min(cols, size.cols - col))
        return Canvas(window: window, top: top + row, left: leftEdge + col, size: Size(rows: r, cols: c), theme: theme)
    }

    /// Writes `text` at (row, col), clipped to the canvas; returns the columns used.
    @discardableResult
    public func put(_ text: String, _ row: Int, _ col: Int, _ ink: Ink = .normal) -> Int {
        guard row >= 0, row < size.rows, col < size.cols else { return 0 }
        var chars: [wchar_t] = []
        chars.reserveCapacity(text.unicodeScalars.count)
        var x = col, used = 0
        for s in text.unicodeScalars {
            let w = max(0, Int(wcwidth(wchar_t(s.value))))
            if x + w > size.cols { break }
            if x >= 0 { chars.append(wchar_t(s.value)); used += w }
            x += w
        }
        guard !chars.isEmpty else { return 0 }
        let a = attributes(ink)
        if a != 0 { wattr_on(window, a, nil) }
        chars.withUnsafeBufferPointer { p in
            _ = mvwaddnwstr(window, Int32(top + row), Int32(leftEdge + max(0, col)), p.baseAddress, Int32(p.count))
        }
        if a != 0 { wattr_off(window, a, nil) }
        return used
    }

    /// Writes `text` centred on `row`.
    public func center(_ text: String, _ row: Int, _ ink: Ink = .normal) {
        put(text, row, max(0, (size.cols - text.count) / 2), ink)
    }

    public func hline(_ row: Int, from: Int = 0, to: Int? = nil, _ ink: Ink = .dim) {
        let end = to ?? size.cols
        guard end > from else { return }
        put(String(repeating: theme.hline, count: end - from), row, from, ink)
    }

    /// Blanks the canvas.
    public func clear() {
        let blank = String(repeating: " ", count: size.cols)
        for r in 0..<size.rows { put(blank, r, 0) }
    }

    func attributes(_ ink: Ink) -> attr_t {
        if theme.projector { return projectorAttributes(ink) }
        let pair: Int16
        switch ink {
        case .normal: return 0
        case .bold: return qkd_attr_bold()
        case .dim: return theme.color ? qkd_attr_dim() : 0
        case .inverse: return qkd_attr_reverse()
        case .good: pair = 1
        case .bad: pair = 2
        case .warn: pair = 3
        case .accent: pair = 4
        }
        // Without colour the glyph carries the meaning; bold only for alarms.
        guard theme.color else { return ink == .bad ? qkd_attr_bold() : 0 }
        return attr_t(UInt32(bitPattern: COLOR_PAIR(Int32(pair)))) | (ink == .bad ? qkd_attr_bold() : 0)
    }

    /// Projector: bold everywhere, no dim; colour (if any) only on top of bold.
    func projectorAttributes(_ ink: Ink) -> attr_t {
        let bold = qkd_attr_bold()
        guard theme.color else { return ink == .inverse ? bold | qkd_attr_reverse() : bold }
        switch ink {
        case .normal, .bold, .dim: return bold
        case .inverse: return bold | qkd_attr_reverse()
        case .good: return bold | attr_t(UInt32(bitPattern: COLOR_PAIR(1)))
        case .bad: return bold | attr_t(UInt32(bitPattern: COLOR_PAIR(2)))
        case .warn: return bold | attr_t(UInt32(bitPattern: COLOR_PAIR(3)))
        case .accent: return bold | attr_t(UInt32(bitPattern: COLOR_PAIR(4)))
        }
    }
}
