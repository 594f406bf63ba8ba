package dev.skirmish.games.cycles.bot;

import dev.skirmish.engine.spi.MatchPhase;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.cycles.protocol.CycleTable;
import dev.skirmish.games.cycles.protocol.CyclesDecoder;
import dev.skirmish.games.cycles.protocol.CyclesWire;
import dev.skirmish.engine.spi.BotPilot;
import java.nio.ByteBuffer;

/**
 * Bots on light cycles: each keeps the track from its snapshots (every trail's cells) and, once a tick, looks at
 * the cells ahead: when straight on is blocked within a few cells, or now and then at random, it turns to the side
 * with the longer free run. It sends an input only when it turns.
 */
public final class CyclesBots implements BotPilot {
    @Override
    public String game() {
        return "cycles";
    }

    @Override
    public Player player(int index, Settings settings) {
        return new Play(index * 104729L + 7);
    }

    static final class Play implements Player {
        private static final int[] DX = {1, 0, -1, 0};
        private static final int[] DY = {0, 1, 0, -1};
        private static final int LOOK_AHEAD = 3;
        private final CyclesDecoder decoder = new CyclesDecoder();
        private final dev.skirmish.engine.spi.SeededRandom random;
        private volatile int selfId;
        private volatile long lastTick = -1;
        private long decidedTick = -1;
        private int heading = -1;
        private int phase;
        private boolean[] blocked;
        private int width;
        private int height;

        Play(long seed) {
            this.random = new dev.skirmish.engine.spi.SeededRandom(seed);
        }

        @Override
        public synchronized Seen decode(ByteBuffer frame) throws ProtocolException {
            CyclesDecoder.Frame f = decoder.decode(frame);
            if (f instanceof CyclesDecoder.Welcome w) {
                selfId = w.info().selfId();
                width = w.rules().width();
                height = w.rules().height();
                return new Seen(true, w.info().simRateHz(), w.info().snapshotRateHz(), false, 0, 0, false);
            }
            if (f instanceof CyclesDecoder.Snapshot s) {
                lastTick = s.header().tick();
                phase = s.header().phase();
                return new Seen(false, 0, 0, true, s.header().tick(), s.header().ackSeq(), s.header().full());
            }
            return Seen.OTHER;
        }

        /** One decision per server tick seen: a turn's input byte, or null to ride on. */
        @Override
        public synchronized byte[] step() {
            if (lastTick < 0 || lastTick == decidedTick || width == 0) {
                return null;
            }
            decidedTick = lastTick;
            CycleTable t = decoder.cycles();
            int me = t.indexOf(selfId);
            if (me < 0 || (t.flags(me) & (CycleTable.ALIVE | CycleTable.RIDING)) != (CycleTable.ALIVE | CycleTable.RIDING)
                    || !(phase == MatchPhase.PLAYING.code() || phase == MatchPhase.WAITING.code())) {
                heading = -1;
                return null;
            }
            if (heading < 0 || heading != t.dir(me) && decidedTick % 4 == 0) {
                heading = t.dir(me); // what the server says, once our turns had time to land
            }
            markTrails(t);
            int x = t.x(me);
            int y = t.y(me);
            int ahead = run(x, y, heading);
            boolean wander = random.nextInt(40) == 0;
            if (ahead > LOOK_AHEAD && !wander) {
                return null;
            }
            int left = run(x, y, (heading + 3) % 4);
            int right = run(x, y, (heading + 1) % 4);
            int turn;
            if (wander && ahead > LOOK_AHEAD) {
                turn = left > right ? -1 : 1;
                if (Math.max(left, right) < LOOK_AHEAD * 2) {
                    return null;
                }
            } else if (left == right) {
                turn = random.nextInt(2) == 0 ? -1 : 1;
            } else {
                turn = left > right ? -1 : 1;
            }
            if (Math.max(left, right) <= ahead && !wander) {
                return null; // nowhere better: ride on
            }
            heading = (heading + turn + 4) % 4;
            return new byte[]{(byte) CyclesWire.inputByte(turn)};
        }

        @Override
        public boolean urgent() {
            return true; // a turn never waits
        }

        /** Free cells straight on from (x, y) heading {@code d}, up to 20. */
        private int run(int x, int y, int d) {
            int n = 0;
            while (n < 20) {
                x += DX[d];
                y += DY[d];
                if (x < 0 || y < 0 || x >= width || y >= height || blocked[y * width + x]) {
                    break;
                }
                n++;
            }
            return n;
        }

        private void markTrails(CycleTable t) {
            if (blocked == null || blocked.length != width * height) {
                blocked = new boolean[width * height];
            } else {
                java.util.Arrays.fill(blocked, false);
            }
            for (int i = 0; i < t.size(); i++) {
                if ((t.flags(i) & CycleTable.RIDING) == 0) {
                    continue;
                }
                int px = t.startX(i);
                int py = t.startY(i);
                for (int k = 0; k <= t.cornerCount(i); k++) {
                    int qx = k < t.cornerCount(i) ? t.corner(i, k) & 0xFF : t.x(i);
                    int qy = k < t.cornerCount(i) ? t.corner(i, k) >>> 8 : t.y(i);
                    int dx = Integer.signum(qx - px);
                    int dy = Integer.signum(qy - py);
                    while (true) {
                        if (px >= 0 && py >= 0 && px < width && py < height) {
                            blocked[py * width + px] = true;
                        }
                        if (px == qx && py == qy) {
                            break;
                        }
                        px += dx;
                        py += dy;
                    }
                }
            }
        }
    }
}
