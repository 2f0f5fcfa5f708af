// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Evaluates the key-rate models on a system preset. Pure functions, no state.
public enum KeyRate {
    /// μ search range for the weak-coherent models, scanned in log space.
    static let muRange: ClosedRange<Double> = 1e-4...1

    /// The key rate of `model` at one distance.
    /// - Parameters:
    ///   - mu: signal mean photon number for GLLP and decoy models; nil optimizes it.
    ///     Ignored by the single-photon models (Shor–Preskill, PLOB).
    ///   - weakDecoy: ν for `.decoyVacuumWeak` (default `DecoyVacuumWeak.defaultWeakDecoy`).
    public static func point(
        model: KeyRateModel, preset: SystemPreset, distanceKm: Double, mu: Double? = nil,
        weakDecoy: Double = DecoyVacuumWeak.defaultWeakDecoy
    ) throws(KeyRateError) -> KeyRatePoint {
        try validate(model: model, distanceKm: distanceKm, mu: mu, weakDecoy: weakDecoy)
        let eta = preset.transmittance(distanceKm: distanceKm)
        let rate: Double, usedMu: Double?, qber: Double?
        switch model {
        case .shorPreskill:
            let r = ShorPreskill.rate(preset: preset, eta: eta)
            (rate, usedMu, qber) = (r.rate, nil, r.qber)
        case .plob:
            let r = PLOB.bound(transmittance: preset.channelTransmittance(distanceKm: distanceKm))
            (rate, usedMu, qber) = (r, nil, nil)
        case .gllp, .decoyInfinite, .decoyVacuumWeak:
            let f = { (m: Double) in wcpRate(model: model, preset: preset, eta: eta, mu: m, nu: weakDecoy) }
            if let mu {
                let r = f(mu)
                (rate, usedMu, qber) = (r.rate, mu, r.qber)
            } else {
                let lower = model == .decoyVacuumWeak ? max(muRange.lowerBound, weakDecoy * 1.0001) : muRange.lowerBound
                let best = maximize({ f($0).rate }, over: lower...muRange.upperBound)
                let r = f(best)
                (rate, usedMu, qber) = (r.rate, r.rate > 0 ? best : nil, r.qber)
            }
        }
        return KeyRatePoint(
            distanceKm: distanceKm, ratePerPulse: rate, ratePerSecond: rate * preset.clockRateHz,
            mu: usedMu, qber: qber)
    }

    /// The model along `distances` (an array, a stride, any sequence), with its maximal distance.
    public static func curve(
        model: KeyRateModel, preset: SystemPreset, distances: some Sequence<Double>, mu: Double? = nil,
        weakDecoy: Double = DecoyVacuumWeak.defaultWeakDecoy
    ) throws(KeyRateError) -> KeyRateCurve {
        var rows: [KeyRatePoint] = []
        for d in distances {
            rows.append(try point(model: model, preset: preset, distanceKm: d, mu: mu, weakDecoy: weakDecoy))
        }
        let maxD = try maxDistance(model: model, preset: preset, mu: mu, weakDecoy: weakDecoy)
        return KeyRateCurve(model: model, presetName: preset.name, rows: rows, maxDistanceKm: maxD)
    }

    /// Largest distance with a positive key rate, by bisection to 0.01 km.
    /// Assumes the rate falls with distance (true for all models here).
    /// Returns 0 if there is no key even at 0 km; nil for PLOB, which is positive at every distance.
    public static func maxDistance(
        model: KeyRateModel, preset: SystemPreset, mu: Double? = nil,
        weakDecoy: Double = DecoyVacuumWeak.defaultWeakDecoy
    ) throws(KeyRateError) -> Double? {
        if model == .plob { return nil }
        func positive(_ d: Double) throws(KeyRateError) -> Bool {
            try point(model: model, preset: preset, distanceKm: d, mu: mu, weakDecoy: weakDecoy).ratePerPulse > 0
        }
        guard try positive(0) else { return 0 }
        var lo = 0.0, hi = 16.0
        while try positive(hi) {
            lo = hi
            hi *= 2
            if hi > 1e6 { return nil }  // no cut-off within reach: treat like PLOB
        }
        while hi - lo > 0.01 {
            let mid = (lo + hi) / 2
            if try positive(mid) { lo = mid } else { hi = mid }
        }
        return lo
    }

    // MARK: - Internals

    static func validate(model: KeyRateModel, distanceKm: Double, mu: Double?, weakDecoy: Double) throws(KeyRateError) {
        guard distanceKm.isFinite, distanceKm >= 0 else { throw .negativeDistance(distanceKm) }
        guard model.usesMeanPhotonNumber else { return }
        if let mu, !(mu.isFinite && mu > 0) { throw .nonPositiveMeanPhotonNumber(mu) }
        if model == .decoyVacuumWeak {
            guard weakDecoy.isFinite, weakDecoy > 0, weakDecoy < (mu ?? muRange.upperBound) else {
                throw .decoyNotBelowSignal(mu: mu ?? muRange.upperBound, nu: weakDecoy)
            }
        }
    }

    static func wcpRate(model: KeyRateModel, preset: SystemPreset, eta: Double, mu: Double, nu: Double)
        -> (rate: Double, qber: Double)
    {
        switch model {
        case .gllp: return GLLP.rate(preset: preset, eta: eta, mu: mu)
        case .decoyInfinite: return DecoyInfinite.rate(preset: preset, eta: eta, mu: mu)
        case .decoyVacuumWeak: return DecoyVacuumWeak.rate(preset: preset, eta: eta, mu: mu, nu: nu)
        case .shorPreskill, .plob: preconditionFailure("not a weak-coherent model")
        }
    }

    /// Arg-max of `f` on a range: a coarse scan in log μ (rates vary over decades,
    /// and a zero region can hide the peak from a pure golden-section search),
    /// then golden-section refinement around the best grid point.
    static func maximize(_ f: (Double) -> Double, over range: ClosedRange<Double>) -> Double {
        let a = log(range.lowerBound), b = log(range.upperBound)
        let n = 120
        var bestI = 0
        var bestV = -Double.infinity
        for i in 0...n {
            let v = f(exp(a + (b - a) * Double(i) / Double(n)))
            if v > bestV { (bestI, bestV) = (i, v) }
        }
        var lo = a + (b - a) * Double(max(bestI - 1, 0)) / Double(n)
        var hi = a + (b - a) * Double(min(bestI + 1, n)) / Double(n)
        let g = (sqrt(5.0) - 1) / 2
        var x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
        var f1 = f(exp(x1)), f2 = f(exp(x2))
        for _ in 0..<60 where hi - lo > 1e-10 {
            if f1 < f2 {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + g * (hi - lo); f2 = f(exp(x2))
            } else {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - g * (hi - lo); f1 = f(exp(x1))
            }
        }
        let x = exp((lo + hi) / 2)
        return f(x) >= bestV ? x : exp(a + (b - a) * Double(bestI) / Double(n))
    }
}
