// Angles in degrees, as on a polarizer's dial.

import Foundation

/// cos and sin of an angle in degrees, exact at multiples of 30° and 45°
/// so that textbook settings (0°, 22.5°·2, 30°, 90°…) give textbook numbers.
@usableFromInline
func cosSin(degrees: Double) -> (cos: Double, sin: Double) {
    var d = degrees.truncatingRemainder(dividingBy: 360)
    if d < 0 { d += 360 }
    // Reduce to the first quadrant: rotating by 90° maps (c, s) to (−s, c).
    let quadrant = Int(d / 90)
    let r = d - Double(quadrant) * 90
    let c: Double, s: Double
    switch r {
    case 0: (c, s) = (1, 0)
    case 30: (c, s) = (0.75.squareRoot(), 0.5)
    case 45: (c, s) = (0.5.squareRoot(), 0.5.squareRoot())
    case 60: (c, s) = (0.5, 0.75.squareRoot())
    default:
        let radians = r * Double.pi / 180
        (c, s) = (Foundation.cos(radians), Foundation.sin(radians))
    }
    switch quadrant {
    case 0: return (c, s)
    case 1: return (-s, c)
    case 2: return (-c, -s)
    default: return (s, -c)
    }
}
