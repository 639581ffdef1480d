package dev.passkeyfirst.bench;

/** CPU counters read at one instant: Keycloak's JVM, this driver, the database (PostgreSQL only) and the machine. */
record CpuSnapshot(long nanos, long serverMs, long driverMs, long databaseMs, long machineBusyMs) {

    static CpuSnapshot take(long serverPid, Database database) {
        return new CpuSnapshot(System.nanoTime(), ProcessCpu.processMillis(serverPid), ProcessCpu.selfMillis(),
                database == null ? 0 : database.cpuMillis(), ProcessCpu.machineBusyMillis());
    }
}
