package dev.skirmish.lobby;

/** The lobby's view of one connection: who it is once it said hello. Used by one WebSocket thread at a time. */
public final class LobbyClient {
    private String playerId;
    private String nickname;

    public String playerId() {
        return playerId;
    }

    public String nickname() {
        return nickname;
    }

    public boolean greeted() {
        return playerId != null;
    }

    void greet(String playerId, String nickname) {
        this.playerId = playerId;
        this.nickname = nickname;
    }
}
