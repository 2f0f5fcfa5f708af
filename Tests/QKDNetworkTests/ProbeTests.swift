import Foundation
import QKD
import Testing
@testable import QKDNetwork

@Suite struct ProbeTests {
    @Test func probe() throws {
        let sim = try PassSimulator()
        let net = try ScenarioLoader.load(named: "micius").network
        for id in ["Xinglong", "Nanshan", "Delingha", "Lijiang", "Ngari", "Graz"] {
            let n = net.node(id)!
            let st = GroundStation(name: id, latitudeDeg: n.latitudeDeg!, longitudeDeg: n.longitudeDeg!, altitudeM: n.siteAltitudeM ?? 0, source: "")
            let ps = try sim.nightPasses(over: st, startDay: 0, count: 4)
            for p in ps {
                print(id, p.startUTC, String(format: "local %.2f sun %.0f dur %.0f maxEl %.1f minR %.0f sifted %d key %d asym %d q %.4f phi %.3f rate %.0f", p.localSolarTimeH, p.sunElevationDeg, p.durationS, p.maxElevationDeg, p.minSlantRangeKm, p.siftedBits, p.keyBits, p.finiteKey.asymptoticBits, p.finiteKey.qber, p.finiteKey.phaseErrorUpper, p.averageKeyRateBps))
            }
            let t = try sim.typicalPass(over: st)
            print("TYPICAL", id, t.keyBits, t.durationS, t.maxElevationDeg, try sim.nightPassesPerDay(over: st))
        }
        let a = net.node("Delingha")!, b = net.node("Nanshan")!
        let ga = GroundStation(name: "Delingha", latitudeDeg: a.latitudeDeg!, longitudeDeg: a.longitudeDeg!, altitudeM: 3153, source: "")
        let gb = GroundStation(name: "Nanshan", latitudeDeg: b.latitudeDeg!, longitudeDeg: b.longitudeDeg!, altitudeM: 2028, source: "")
        let blk = try sim.entanglementBlock(stationA: ga, stationB: gb)
        print("ENT", blk.passes, blk.linkTimeS, blk.spanDays, blk.coincidences, blk.keyBits, blk.finiteKey.asymptoticBits, blk.keyRatePerLinkSecondBps, blk.finiteKey.phaseErrorUpper)
        print("incl", Orbit.micius.inclinationRad * 180 / .pi)
    }
}
