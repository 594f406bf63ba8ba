package dev.skirmish.bots;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The side-by-side table from the two harnesses' result files. */
class VersusTest {

    @Test
    void theTableCarriesBothServersFiguresAndTheirRatio() {
        Map<String, Object> peer = Json.object("""
                {"perRoom": 32, "joined": 300, "perClient": {"patchesPerSec": 30.1, "wireBytesPerSec": 13900},
                 "interArrivalMs": {"pooledP99": 37.2}, "server": {"cpuMsPerSecPerClient": 1.0,
                 "cpuPercentOfOneCore": 30.0}, "bots": {"cpuPercentOfOneCore": 35.0},
                 "serverSide": {"broadcastGapMs": {"p99": 34.8}}}""");
        Map<String, Object> ours = Json.object("""
                {"config": {"inputHz": 60, "warmupSeconds": 60, "seconds": 30}, "measuredSeconds": 30,
                 "swarmCpuCores": 0.36, "bots": {"joined": 300}, "server": {"cpuMsPerBotSecond": 2.0,
                 "cpuCores": 0.6, "tickP99Ms": 1.0}, "snapshots": {"perBotPerSecond": 30.0, "onTimeFraction": 0.997},
                 "interArrivalMs": {"p99": 42.0}, "downKbitPerBot": {"p50": 7.0},
                 "inputRoundTripMs": {"p50": 30.2, "p99": 52.4}, "inputs": {"sent": 600, "frames": 300}}""");
        String t = Versus.table(300, peer, ours);
        assertTrue(t.contains("| server CPU per player-second (ms) | 1.000 | 2.000 | 2.00 |"), t);
        assertTrue(t.contains("| down per player (kB/s) | 13.90 | 0.88 | 0.06 |"), t);
        assertTrue(t.contains("| input frames per player per second (Skirmish) | 30 | 30.0 | |"), t);
        assertTrue(t.contains("| snapshots on time (Skirmish: within 1.5 intervals) | | 99.700% | |"), t);
        assertTrue(t.contains("| bot process CPU (% of one core) | 35.0% | 36.0% | |"), t);
        assertTrue(t.contains("CPU ratio Skirmish / Colyseus: 2.00"), t);
    }
}
