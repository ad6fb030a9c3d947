package io.vigil.director.cli;

/** The layouts of {@code vigil status --json[=LAYOUT]}. */
enum StatusJsonLayout {
    /** Vigil's array of instances with keepalived's field names (the default). */
    VIGIL,
    /** keepalived 2.2.7's SIGJSON dump, {@code [{"data": {...}, "stats": {...}}]} (vrrp_json.c). */
    KEEPALIVED
}
