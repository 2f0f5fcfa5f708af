/// Aligned text tables. Cells may carry ANSI colour; widths ignore it.
enum Table {
    static func render(_ rows: [[String]], style: TextStyle, indent: String = "  ") -> [String] {
        guard let first = rows.first else { return [] }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], visibleWidth(cell)) } }
        return rows.map { row in
            var line = indent
            for (i, cell) in row.enumerated() {
                let pad = max(0, (i < widths.count ? widths[i] : 0) - visibleWidth(cell))
                line += cell + String(repeating: " ", count: pad)
                if i < row.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// Characters shown, skipping ANSI escape sequences.
    static func visibleWidth(_ s: String) -> Int {
        var n = 0
        var inEscape = false
        for ch in s.unicodeScalars {
            if inEscape { if ch == "m" { inEscape = false }; continue }
            if ch == "\u{1B}" { inEscape = true; continue }
            n += 1
        }
        return n
    }
}
