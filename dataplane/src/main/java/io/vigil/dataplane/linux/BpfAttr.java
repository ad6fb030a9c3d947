package io.vigil.dataplane.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code union bpf_attr} (linux/bpf.h, x86_64): the one argument of every bpf(2) command, passed zeroed at
 * {@link #SIZE} bytes with only the command's own fields set. Offsets of the members Vigil writes:
 * <pre>
 * MAP_CREATE        map_type 0, key_size 4, value_size 8, max_entries 12, map_flags 16, map_name[16] 28
 * MAP_*_ELEM        map_fd 0, key 8, value/next_key 16, flags 24
 * PROG_LOAD         prog_type 0, insn_cnt 4, insns 8, license 16, log_level 24, log_size 28, log_buf 32,
 *                   prog_name[16] 48, expected_attach_type 68
 * LINK_CREATE       prog_fd 0, target_ifindex 4, attach_type 8, flags 12
 * *_GET_NEXT_ID     start_id 0, next_id 4;  *_GET_FD_BY_ID id 0
 * OBJ_GET_INFO_BY_FD bpf_fd 0, info_len 4, info 8
 * LINK_DETACH       link_fd 0
 * PROG_TEST_RUN     prog_fd 0, retval 4, data_size_in 8, data_in 16, repeat 32, duration 36, ctx_size_in 40,
 *                   ctx_in 48, flags 64, batch_size 72
 * </pre>
 */
final class BpfAttr {

    static final int SIZE = 128;

    /** Commands, linux/bpf.h {@code enum bpf_cmd}. */
    static final int MAP_CREATE = 0;
    static final int MAP_LOOKUP_ELEM = 1;
    static final int MAP_UPDATE_ELEM = 2;
    static final int MAP_DELETE_ELEM = 3;
    static final int PROG_LOAD = 5;
    static final int PROG_TEST_RUN = 10;
    static final int PROG_GET_FD_BY_ID = 13;
    static final int OBJ_GET_INFO_BY_FD = 15;
    static final int LINK_CREATE = 28;
    static final int LINK_GET_FD_BY_ID = 30;
    static final int LINK_GET_NEXT_ID = 31;
    static final int LINK_DETACH = 34;

    static final long MAP_TYPE = 0;
    static final long KEY_SIZE = 4;
    static final long VALUE_SIZE = 8;
    static final long MAX_ENTRIES = 12;
    static final long MAP_FLAGS = 16;
    static final long MAP_NAME = 28;

    static final long ELEM_MAP_FD = 0;
    static final long ELEM_KEY = 8;
    static final long ELEM_VALUE = 16;
    static final long ELEM_FLAGS = 24;

    static final long PROG_TYPE = 0;
    static final long INSN_CNT = 4;
    static final long INSNS = 8;
    static final long LICENSE = 16;
    static final long LOG_LEVEL = 24;
    static final long LOG_SIZE = 28;
    static final long LOG_BUF = 32;
    static final long PROG_NAME = 48;
    static final long EXPECTED_ATTACH_TYPE = 68;

    static final long LINK_PROG_FD = 0;
    static final long LINK_TARGET_IFINDEX = 4;
    static final long LINK_ATTACH_TYPE = 8;
    static final long LINK_FLAGS = 12;

    static final long TEST_PROG_FD = 0;
    static final long TEST_RETVAL = 4;
    static final long TEST_DATA_SIZE_IN = 8;
    static final long TEST_DATA_IN = 16;
    static final long TEST_REPEAT = 32;
    static final long TEST_DURATION = 36;
    static final long TEST_CTX_SIZE_IN = 40;
    static final long TEST_CTX_IN = 48;
    static final long TEST_FLAGS = 64;
    static final long TEST_BATCH_SIZE = 72;

    static final long START_ID = 0;
    static final long NEXT_ID = 4;
    static final long INFO_FD = 0;
    static final long INFO_LEN = 4;
    static final long INFO = 8;

    /** BPF_OBJ_NAME_LEN, linux/bpf.h: names hold 15 characters and a NUL. */
    static final int OBJ_NAME_LEN = 16;

    private BpfAttr() {
    }

    /** A zeroed attribute union. */
    static MemorySegment allocate(Arena arena) {
        return arena.allocate(SIZE, 8);
    }

    /** Writes a NUL-terminated object name (truncated to 15 characters). */
    static void name(MemorySegment attr, long offset, String name) {
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int n = Math.min(b.length, OBJ_NAME_LEN - 1);
        MemorySegment.copy(b, 0, attr, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, n);
    }
}
