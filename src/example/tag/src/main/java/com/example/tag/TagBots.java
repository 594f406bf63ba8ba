package com.example.tag;

import dev.skirmish.engine.spi.BotPilot;
import dev.skirmish.engine.spi.wire.BitReader;
import dev.skirmish.engine.spi.wire.ByteReader;
import dev.skirmish.engine.spi.wire.Entities;
import dev.skirmish.engine.spi.wire.EntityDelta;
import dev.skirmish.engine.spi.wire.Protocol;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.engine.spi.wire.SnapshotFrames;
import dev.skirmish.engine.spi.wire.StreamFrames;
import java.nio.ByteBuffer;

/**
 * Tag's bot player for the swarm (listed in {@code META-INF/services/dev.skirmish.engine.spi.BotPilot}): it reads the
 * dots with the engine's entity deltas and, when it is "it", runs at the nearest dot; otherwise it runs away from
 * "it". Put this project's classes on the swarm's class path to use it ({@code --game tag}).
 */
public final class TagBots implements BotPilot {
    @Override
    public String game() {
        return "tag";
    }

    @Override
    public Player player(int index, Settings settings) {
        return new Play();
    }

    static final class Play implements Player {
        private final Entities dots = new Entities(TagWorld.DOTS, 64);
        private final Entities scratch = new Entities(TagWorld.DOTS, 64);
        private SnapshotFrames.Header last;
        private int selfId;
        private int bits = -1;
        private boolean urgent;

        @Override
        public synchronized Seen decode(ByteBuffer frame) throws ProtocolException {
            ByteBuffer b = frame.duplicate();
            int op = b.get() & 0xFF;
            if (op == Protocol.OP_WELCOME) {
                StreamFrames.WelcomeHeader h = StreamFrames.readWelcomeHeader(new ByteReader(b));
                selfId = h.info().selfId();
                last = null;
                dots.clear();
                return Seen.welcome(h.info().simRateHz(), h.info().snapshotRateHz());
            }
            if (op == Protocol.OP_SNAPSHOT) {
                BitReader r = new BitReader(b);
                SnapshotFrames.Header h = SnapshotFrames.readHeader(r, last);
                EntityDelta.read(r, dots, h.baseAge(), h.tick(), scratch);
                last = h;
                return Seen.snapshot(h.tick(), h.ackSeq(), h.full());
            }
            return Seen.OTHER;
        }

        /**
         * One direction byte when it changes: towards the nearest dot when "it", away from "it" otherwise; null
         * before a snapshot and while the direction stays.
         */
        @Override
        public synchronized byte[] step() {
            int me = dots.indexOf(selfId);
            if (me < 0) {
                return null;
            }
            long x = dots.get(me, 0);
            long y = dots.get(me, 1);
            boolean it = dots.get(me, 2) == 1;
            int target = -1;
            long best = Long.MAX_VALUE;
            for (int i = 0; i < dots.size(); i++) {
                if (i == me || (!it && dots.get(i, 2) != 1)) {
                    continue;
                }
                long dx = dots.get(i, 0) - x;
                long dy = dots.get(i, 1) - y;
                if (dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    target = i;
                }
            }
            int dir = 0;
            if (target >= 0) {
                long dx = dots.get(target, 0) - x;
                long dy = dots.get(target, 1) - y;
                int sign = it ? 1 : -1; // chase, or flee
                dir |= sign * dx > 0 ? 8 : sign * dx < 0 ? 4 : 0;
                dir |= sign * dy > 0 ? 2 : sign * dy < 0 ? 1 : 0;
            }
            if (dir == bits) {
                return null; // like the page: a direction goes out when it changes (tag holds no inputs)
            }
            urgent = true;
            bits = dir;
            return new byte[]{(byte) dir};
        }

        @Override
        public synchronized boolean urgent() {
            return urgent;
        }
    }
}
