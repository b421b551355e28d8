package org.vfiomigtest.sys;

/**
 * A register-width {@code pread}/{@code pwrite} that moved fewer bytes than asked without an
 * errno. Not a {@link SyscallException}: the call succeeded, the driver answered short.
 */
public final class ShortTransferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final int requested;
    private final int transferred;

    ShortTransferException(String syscall, String path, long offset, int requested, int transferred) {
        super(syscall + "(" + path + ", offset=0x" + Long.toHexString(offset) + ", length=" + requested
                + ") transferred " + transferred + " bytes, expected " + requested);
        this.offset = offset;
        this.requested = requested;
        this.transferred = transferred;
    }

    public long offset() {
        return offset;
    }

    public int requested() {
        return requested;
    }

    public int transferred() {
        return transferred;
    }
}
