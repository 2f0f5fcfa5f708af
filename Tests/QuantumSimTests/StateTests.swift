// Pure one- and two-photon states.

import Foundation
import Testing
@testable import QuantumSim

@Suite struct StateTests {
    @Test func namedStatesMatchConventions() {
        let s = 0.5.squareRoot()
        #expect(Qubit.horizontal.h == .one && Qubit.horizontal.v == .zero)
        #expect(Qubit.linear(degrees: 90) == .vertical)
        #expect(close(Qubit.diagonal.h.real, s) && close(Qubit.diagonal.v.real, s))
        #expect(close(Qubit.antidiagonal.v.real, -s))
        // R = (|H⟩ − i|V⟩)/√2, L = (|H⟩ + i|V⟩)/√2.
        #expect(close(Qubit.rightCircular.v.imaginary, -s) && close(Qubit.leftCircular.v.imaginary, s))
        #expect(close(Qubit.linear(degrees: 45).fidelity(with: .diagonal), 1))
        #expect(close(Qubit.linear(degrees: -45).fidelity(with: .antidiagonal), 1))
    }

    @Test(arguments: testAngles)
    func linearStatesAreNormalizedAndOrthogonalAt90(degrees: Double) {
        let q = Qubit.linear(degrees: degrees)
        #expect(close(q.fidelity(with: q), 1))
        #expect(close(q.fidelity(with: .linear(degrees: degrees + 90)), 0))
        #expect(close(q.fidelity(with: .linear(degrees: degrees + 180)), 1))
        #expect(close(q.fidelity(with: q.orthogonal), 0))
    }

    @Test func initNormalizes() {
        let q = Qubit(h: Complex(3), v: Complex(0, 4))
        #expect(close(q.h.lengthSquared, 9.0 / 25) && close(q.v.lengthSquared, 16.0 / 25))
        #expect(Qubit(normalizing: [.zero, .zero]) == nil)
    }

    @Test func stokesVectorsOfTheSixStates() {
        let cases: [(Qubit, (Double, Double, Double))] = [
            (.horizontal, (1, 0, 0)), (.vertical, (-1, 0, 0)),
            (.diagonal, (0, 1, 0)), (.antidiagonal, (0, -1, 0)),
            (.rightCircular, (0, 0, 1)), (.leftCircular, (0, 0, -1)),
        ]
        for (q, e) in cases {
            let s = q.stokes
            #expect(close(s.s1, e.0) && close(s.s2, e.1) && close(s.s3, e.2))
        }
    }

    @Test func bellStatesAreOrthonormal() {
        for a in BellState.allCases {
            for b in BellState.allCases {
                let f = TwoQubitState.bell(a).fidelity(with: .bell(b))
                #expect(close(f, a == b ? 1 : 0))
            }
        }
        let phi = TwoQubitState.bell(.phiPlus).amplitudes
        #expect(close(phi[0].real, 0.5.squareRoot()) && close(phi[3].real, 0.5.squareRoot()))
        #expect(phi[1] == .zero && phi[2] == .zero)
    }

    @Test func productStateOrder() {
        // |H⟩⊗|V⟩ is the HV amplitude, index 1.
        let hv = TwoQubitState(first: .horizontal, second: .vertical)
        #expect(hv.amplitudes.map { $0.real } == [0, 1, 0, 0])
        // Φ⁺ is the same in the diagonal basis: (|DD⟩ + |AA⟩)/√2.
        let dd = TwoQubitState(first: .diagonal, second: .diagonal).amplitudes
        let aa = TwoQubitState(first: .antidiagonal, second: .antidiagonal).amplitudes
        let sum = TwoQubitState(amplitudes: zip(dd, aa).map { $0 + $1 })
        #expect(close(sum.fidelity(with: .bell(.phiPlus)), 1))
    }
}
