package dev.skirmish.engine.spi.wire;

/** A frame that breaks the protocol; carries the close code the connection ends with. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final CloseCodes closeCode;

    public ProtocolException(CloseCodes closeCode, String reason) {
        super(reason);
        this.closeCode = closeCode;
    }

    public CloseCodes closeCode() {
        return closeCode;
    }
}
