package dev.skirmish.games.arena.bot;

/** The arena's bots in a team match ({@code --game teams}): the same pilot, which spares its teammates. */
public final class TeamArenaBots extends ArenaBots {
    public TeamArenaBots() {
        super("teams");
    }
}
