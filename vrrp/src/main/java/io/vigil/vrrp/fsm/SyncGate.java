package io.vigil.vrrp.fsm;

/** What an instance asks its sync group before moving (vrrp_sync.c {@code vrrp_sync_can_goto_master}). */
interface SyncGate {

    /** An instance outside any group: nothing holds it back. */
    SyncGate STANDALONE = new SyncGate() {
        @Override
        public boolean canGoToMaster(VrrpInstance member) {
            return true;
        }

        @Override
        public boolean canLeaveFault(VrrpInstance member) {
            return true;
        }
    };

    /** True if {@code member} may become MASTER now; otherwise it waits in BACKUP wanting MASTER. */
    boolean canGoToMaster(VrrpInstance member);

    /** True if {@code member} may leave FAULT: no member of its group has a fault of its own. */
    boolean canLeaveFault(VrrpInstance member);
}
