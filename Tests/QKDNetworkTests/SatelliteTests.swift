import Foundation
import QKD
import Testing
@testable import QKDNetwork

@Suite struct SatelliteTests {
    @Test func slantRangeAtZenithIsTheAltitude() {
        for h in [300.0, 500, 1200] {
            #expect(abs(Geometry.slantRangeKm(elevationDeg: 90, altitudeKm: h) - h) < 1e-9)
        }
        // Horizon: √((R+h)² − R²), about 2,574 km at 500 km.
        let horizon = Geometry.slantRangeKm(elevationDeg: 0, altitudeKm: 500)
        #expect(abs(horizon - (6871.0 * 6871 - 6371.0 * 6371).squareRoot()) < 1e-6)
    }

    @Test func lossRisesAsElevationFalls() {
        let loss = LinkLoss.micius()
        #expect(loss.zenithAttenuationDb > 0)
        var previous = -Double.infinity
        for e in stride(from: 90.0, through: 10, by: -1) {
            let d = Geometry.slantRangeKm(elevationDeg: e, altitudeKm: 500)
            let l = loss.totalDb(rangeKm: d, elevationDeg: e)
            #expect(l > previous)
            previous = l
        }
        // The fit reproduces Liao et al.'s two points.
        for p in LinkLoss.calibrationPoints {
            let r = 6371.0, a = 6871.0
            let sinE = (a * a - r * r - p.rangeKm * p.rangeKm) / (2 * r * p.rangeKm)
            let e = asin(sinE) * 180 / .pi
            #expect(abs(loss.totalDb(rangeKm: p.rangeKm, elevationDeg: e) - p.lossDb) < 1e-9)
        }
    }

    @Test func stationCoordinatesMatchReportedDistances() throws {
        let net = try ScenarioLoader.load(named: "micius").network
        func st(_ id: String) -> GroundStation {
            let n = net.node(id)!
            return GroundStation(name: id, latitudeDeg: n.latitudeDeg!, longitudeDeg: n.longitudeDeg!, source: n.source)
        }
        // 1,203 km (Yin et al. 2017), 1,120 km (Yin et al. 2020), 7,600 km (Liao et al. 2018).
        #expect(abs(st("Delingha").distanceKm(to: st("Lijiang")) - 1203) < 15)
        #expect(abs(st("Delingha").distanceKm(to: st("Nanshan")) - 1120) < 15)
        #expect(abs(st("Xinglong").distanceKm(to: st("Graz")) - 7600) / 7600 < 0.03)
    }
}
