package dev.sampo.migration.sim;

/** The two instances of a migration. */
enum Side {
    SOURCE, DESTINATION
}
