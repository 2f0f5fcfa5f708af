// Small dense complex matrices: 2×2 for one photon, 4×4 for a pair.
//
// Everything here is exact finite-dimensional linear algebra; the sizes are
// tiny, so plain row-major arrays and triple loops are the clearest choice.

import ComplexModule
import RealModule

/// A square complex matrix stored row-major.
public struct ComplexMatrix: Equatable, Sendable {
    public let dimension: Int
    public private(set) var elements: [Complex<Double>]

    /// A matrix from row-major elements; `elements.count` must be a square.
    public init(dimension: Int, elements: [Complex<Double>]) {
        precondition(dimension > 0 && elements.count == dimension * dimension,
                     "need dimension² elements")
        self.dimension = dimension
        self.elements = elements
    }

    /// A matrix from rows of complex numbers.
    public init(rows: [[Complex<Double>]]) {
        precondition(rows.allSatisfy { $0.count == rows.count }, "rows must form a square")
        self.init(dimension: rows.count, elements: rows.flatMap { $0 })
    }

    /// A matrix from rows of real numbers.
    public init(real rows: [[Double]]) {
        self.init(rows: rows.map { $0.map { Complex($0) } })
    }

    public static func zero(_ dimension: Int) -> ComplexMatrix {
        ComplexMatrix(dimension: dimension,
                      elements: [Complex<Double>](repeating: .zero, count: dimension * dimension))
    }

    public static func identity(_ dimension: Int) -> ComplexMatrix {
        var m = zero(dimension)
        for k in 0..<dimension { m[k, k] = .one }
        return m
    }

    /// The outer product |a⟩⟨b|.
    public static func outer(_ a: [Complex<Double>], _ b: [Complex<Double>]) -> ComplexMatrix {
        precondition(a.count == b.count)
        var m = zero(a.count)
        for r in a.indices { for c in b.indices { m[r, c] = a[r] * b[c].conjugate } }
        return m
    }

    /// The projector |a⟩⟨a| (a need not be normalized).
    public static func projector(_ a: [Complex<Double>]) -> ComplexMatrix { outer(a, a) }

    public subscript(row: Int, column: Int) -> Complex<Double> {
        get { elements[row * dimension + column] }
        set { elements[row * dimension + column] = newValue }
    }

    /// The conjugate transpose M†.
    public var adjoint: ComplexMatrix {
        var m = ComplexMatrix.zero(dimension)
        for r in 0..<dimension { for c in 0..<dimension { m[c, r] = self[r, c].conjugate } }
        return m
    }

    public var trace: Complex<Double> {
        var t = Complex<Double>.zero
        for k in 0..<dimension { t += self[k, k] }
        return t
    }

    public static func + (a: ComplexMatrix, b: ComplexMatrix) -> ComplexMatrix {
        precondition(a.dimension == b.dimension)
        return ComplexMatrix(dimension: a.dimension, elements: zip(a.elements, b.elements).map { $0 + $1 })
    }

    public static func - (a: ComplexMatrix, b: ComplexMatrix) -> ComplexMatrix {
        precondition(a.dimension == b.dimension)
        return ComplexMatrix(dimension: a.dimension, elements: zip(a.elements, b.elements).map { $0 - $1 })
    }

    public static func * (a: ComplexMatrix, b: ComplexMatrix) -> ComplexMatrix {
        precondition(a.dimension == b.dimension)
        let n = a.dimension
        var m = zero(n)
        for r in 0..<n {
            for c in 0..<n {
                var s = Complex<Double>.zero
                for k in 0..<n { s += a[r, k] * b[k, c] }
                m[r, c] = s
            }
        }
        return m
    }

    public static func * (s: Complex<Double>, a: ComplexMatrix) -> ComplexMatrix {
        ComplexMatrix(dimension: a.dimension, elements: a.elements.map { s * $0 })
    }

    public static func * (s: Double, a: ComplexMatrix) -> ComplexMatrix {
        Complex(s) * a
    }

    /// M applied to a column vector.
    public func applied(to v: [Complex<Double>]) -> [Complex<Double>] {
        precondition(v.count == dimension)
        return (0..<dimension).map { r in
            var s = Complex<Double>.zero
            for c in 0..<dimension { s += self[r, c] * v[c] }
            return s
        }
    }

    /// The Kronecker (tensor) product self ⊗ other; the first factor's index
    /// is the more significant one, so |H⟩⊗|V⟩ is basis state HV = index 1.
    public func tensor(_ other: ComplexMatrix) -> ComplexMatrix {
        let n = dimension, m = other.dimension
        var out = ComplexMatrix.zero(n * m)
        for r1 in 0..<n { for c1 in 0..<n {
            let a = self[r1, c1]
            if a.isZero { continue }
            for r2 in 0..<m { for c2 in 0..<m {
                out[r1 * m + r2, c1 * m + c2] = a * other[r2, c2]
            } }
        } }
        return out
    }

    /// Tr₁ of a 4×4 matrix on C²⊗C²: traces out the first qubit.
    /// (ρ_B)_{jl} = Σ_i ρ_{ij,il} (Nielsen & Chuang §2.4.3.)
    public func partialTraceFirst() -> ComplexMatrix {
        precondition(dimension == 4, "partial trace needs a two-qubit operator")
        var out = ComplexMatrix.zero(2)
        for j in 0..<2 { for l in 0..<2 {
            out[j, l] = self[j, l] + self[2 + j, 2 + l]
        } }
        return out
    }

    /// Tr₂ of a 4×4 matrix on C²⊗C²: traces out the second qubit.
    /// (ρ_A)_{ik} = Σ_j ρ_{ij,kj} (Nielsen & Chuang §2.4.3.)
    public func partialTraceSecond() -> ComplexMatrix {
        precondition(dimension == 4, "partial trace needs a two-qubit operator")
        var out = ComplexMatrix.zero(2)
        for i in 0..<2 { for k in 0..<2 {
            out[i, k] = self[2 * i, 2 * k] + self[2 * i + 1, 2 * k + 1]
        } }
        return out
    }

    /// The largest modulus of an element of self − other.
    public func maxDifference(to other: ComplexMatrix) -> Double {
        precondition(dimension == other.dimension)
        return zip(elements, other.elements).map { ($0 - $1).length }.max() ?? 0
    }

    public func isApproximatelyEqual(to other: ComplexMatrix, tolerance: Double = 1e-12) -> Bool {
        maxDifference(to: other) <= tolerance
    }

    public var isHermitian: Bool { isApproximatelyEqual(to: adjoint) }
}
