import QKD

/// The decoy-state run both the decoy and the finite-key suites start from:
/// μ = 0.48 with decoys 0.1 and 0 (each 20%), on a key-rate preset's fiber and detectors.
func decoyConfig(_ preset: SystemPreset, km: Double, photons: Int, seed: UInt64 = 5,
                 _ edit: (inout BB84Configuration) -> Void = { _ in }) -> BB84Configuration {
    var c = BB84Configuration()
    c.photons = photons; c.seed = seed; c.source = .wcp; c.mu = 0.48
    c.decoys = [0.1, 0]; c.decoyProbability = 0.2
    c.distanceKm = km; c.attenuationDbPerKm = preset.attenuationDbPerKm!
    c.detectorEfficiency = preset.bobEfficiency; c.misalignment = preset.detectorErrorRate
    c.darkCount = preset.darkCountPerDetector
    edit(&c)
    return c
}
