import Foundation

/// A character-cell chart: a y axis with ticks on the left, an x axis at the
/// bottom; curves and points are placed on the cell grid.
struct Plot {
    let canvas: Canvas
    let theme: Theme
    let xRange: ClosedRange<Double>
    let yRange: ClosedRange<Double>
    let xLabel: String
    let yTicks: [Double]
    let yFormat: (Double) -> String
    var xTicks: [Double]? = nil
    let left = 8

    init(canvas: Canvas, theme: Theme, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, xLabel: String,
         yTicks: [Double], yFormat: @escaping (Double) -> String, xTicks: [Double]? = nil) {
        self.canvas = canvas; self.theme = theme; self.xRange = xRange; self.yRange = yRange
        self.xLabel = xLabel; self.yTicks = yTicks; self.yFormat = yFormat; self.xTicks = xTicks
        axes()
    }

    var width: Int { max(1, canvas.size.cols - left - 1) }
    var height: Int { max(1, canvas.size.rows - 2) }

    func column(_ x: Double) -> Int {
        left + Int(((x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * Double(width - 1)).rounded())
    }
    func row(_ y: Double) -> Int {
        let f = (min(max(y, yRange.lowerBound), yRange.upperBound) - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
        return height - 1 - Int((f * Double(height - 1)).rounded())
    }
    func xValue(_ col: Int) -> Double {
        xRange.lowerBound + Double(col - left) / Double(max(1, width - 1)) * (xRange.upperBound - xRange.lowerBound)
    }

    func axes() {
        for r in 0..<height { canvas.put(theme.vline, r, left - 1, .dim) }
        for t in yTicks { canvas.put(yFormat(t).leftPadded(left - 2), row(t), 0, .dim) }
        canvas.hline(height, from: left - 1, to: left + width)
        let ticks = xTicks ?? [xRange.lowerBound, (xRange.lowerBound + xRange.upperBound) / 2, xRange.upperBound]
        for t in ticks {
            let label = t == t.rounded() ? String(Int(t)) : Num.fixed(t, 1)
            canvas.put(label, height + 1, min(column(t), left + width - label.count), .dim)
        }
        canvas.put(xLabel, height + 1, left + width / 2 - xLabel.count / 2 + 4, .dim)
    }

    /// Samples `f` once per column.
    func curve(glyph: String? = nil, ink: Ink = .accent, _ f: (Double) -> Double?) {
        for col in left..<(left + width) {
            guard let y = f(xValue(col)), y.isFinite, yRange.contains(y) else { continue }
            canvas.put(glyph ?? theme.dot, row(y), col, ink)
        }
    }

    func point(x: Double, y: Double, glyph: String, ink: Ink) {
        guard xRange.contains(x), y.isFinite else { return }
        canvas.put(glyph, row(y), column(x), ink)
    }
}
