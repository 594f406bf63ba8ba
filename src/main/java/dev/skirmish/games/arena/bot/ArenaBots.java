package dev.skirmish.games.arena.bot;

import dev.skirmish.engine.spi.wire.ByteWriter;
import dev.skirmish.engine.spi.wire.ProtocolException;
import dev.skirmish.games.arena.protocol.ClientFrames;
import dev.skirmish.games.arena.protocol.Quant;
import dev.skirmish.games.arena.sim.Buttons;
import dev.skirmish.games.arena.protocol.ServerDecoder;
import dev.skirmish.games.arena.protocol.ServerFrame;
import dev.skirmish.engine.spi.BotPilot;
import java.nio.ByteBuffer;

/** Bots in the arena: the server's own decoder and the {@link Pilot} (run, turn from walls, aim and fire). */
public class ArenaBots implements BotPilot {
    private final String game;

    public ArenaBots() {
        this("arena");
    }

    /** The arena's bots for another of its games (its team mode). */
    protected ArenaBots(String game) {
        this.game = game;
    }

    @Override
    public String game() {
        return game;
    }

    /** Option {@code fire=false} ({@code --fire false}): the bots only move. */
    @Override
    public Player player(int index, Settings settings) {
        return new Play(new Pilot(index * 7919L + 1, settings.inputHz(),
                !"false".equals(settings.option("fire", "true"))));
    }

    static final class Play implements Player {
        private final Pilot pilot;
        private final ServerDecoder decoder = new ServerDecoder();
        private volatile ServerFrame.Welcome welcome;
        private volatile ServerFrame.Snapshot last;
        /** Each player's team from the last roster (a team match), by id. */
        private volatile java.util.Map<Integer, Integer> teams = java.util.Map.of();
        private int lastButtons;
        private boolean urgent;
        private int sinceShot = Integer.MAX_VALUE - 1; // input steps since the last shot this bot expects
        private int cooldown; // input steps the last shot's gun keeps both guns quiet

        Play(Pilot pilot) {
            this.pilot = pilot;
        }

        @Override
        public Seen decode(ByteBuffer frame) throws ProtocolException {
            ServerFrame f = decoder.decode(frame);
            if (f instanceof ServerFrame.Welcome w) {
                welcome = w;
                return new Seen(true, w.simRateHz(), w.snapshotRateHz(), false, 0, 0, false);
            }
            if (f instanceof ServerFrame.Snapshot s) {
                last = s;
                if (s.roster() != null) {
                    java.util.Map<Integer, Integer> t = new java.util.HashMap<>();
                    for (ServerFrame.RosterEntry e : s.roster().players()) {
                        t.put(e.id(), e.team());
                    }
                    teams = t;
                }
                return new Seen(false, 0, 0, true, s.tick(), s.ackSeq(), s.full());
            }
            return Seen.OTHER;
        }

        /** Buttons and aim as the pilot decides, with the tick remote players are drawn at (two snapshots back). */
        @Override
        public byte[] step() {
            ServerFrame.Welcome w = welcome;
            if (w == null) {
                return null;
            }
            ServerFrame.Snapshot s = last;
            int buttons = pilot.decide(s, w, teams);
            double view = s == null ? 0 : Math.max(0, s.tick() - 2.0 * w.simRateHz() / w.snapshotRateHz());
            long viewTick = (long) view;
            // a new direction goes out at once, with what waits, and so does a shot (with its exact aim and view)
            boolean rail = (buttons & Buttons.ALT_FIRE) != 0;
            boolean shot = (buttons & (Buttons.FIRE | Buttons.ALT_FIRE)) != 0 && sinceShot >= cooldown;
            sinceShot = shot ? 1 : Math.min(sinceShot + 1, Integer.MAX_VALUE - 1);
            if (shot) {
                cooldown = rail ? w.railCooldownTicks() : w.fireCooldownTicks();
            }
            urgent = buttons != lastButtons || shot;
            lastButtons = buttons;
            return new ByteWriter(8).u8(buttons).u16(Quant.toAngle16(pilot.aim())).u32(viewTick)
                    .u8((int) ((view - viewTick) * 256)).toByteArray();
        }

        @Override
        public boolean urgent() {
            return urgent;
        }

        @Override
        public boolean sameRun(byte[] run, byte[] next) {
            return ClientFrames.sameRun(run, next);
        }

        @Override
        public int changeDelayMillis() {
            return ClientFrames.AIM_DELAY_MILLIS;
        }
    }
}
