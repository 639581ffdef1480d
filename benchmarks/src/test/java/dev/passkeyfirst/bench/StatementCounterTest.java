package dev.passkeyfirst.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StatementCounterTest {

    @Test
    void countsHibernateRecordsByKindAndTable() {
        String log = """
                2026-11-23 14:22:12,599 DEBUG [org.hibernate.SQL] (executor-thread-3) select ue1_0.ID,ue1_0.USERNAME from USER_ENTITY ue1_0 where ue1_0.ID=?
                2026-11-23 14:22:12,600 INFO  [org.keycloak.events] (executor-thread-3) type="LOGIN"
                2026-11-23 14:22:12,601 DEBUG [org.hibernate.SQL] (executor-thread-3)\s
                    insert\s
                    into
                        EVENT_ENTITY
                        (ID, TYPE)\s
                    values
                        (?, ?)
                2026-11-23 14:22:12,602 DEBUG [org.hibernate.SQL] (executor-thread-3) insert into EVENT_ENTITY (ID,TYPE) values (?,?)
                2026-11-23 14:22:12,603 DEBUG [org.hibernate.SQL] (executor-thread-1) update PKF_PASSKEY set LAST_USED_AT=? where ID=?
                2026-11-23 14:22:12,604 DEBUG [org.hibernate.SQL] (executor-thread-1) delete from CREDENTIAL where ID=?
                2026-11-23 14:22:12,605 DEBUG [org.hibernate.SQL] (executor-thread-1) select pe1_0.ID,(select count(ppe1_0.ID) from PKF_PENDING_PASSKEY ppe1_0 where ppe1_0.REALM_ID=pe1_0.REALM_ID and (ppe1_0.EXPIRES_AT>=?)) from PKF_PASSKEY pe1_0 where pe1_0.ID=?
                """;
        // the subquery in the select list is part of the read of PKF_PASSKEY, not a read of its own
        assertEquals(Map.of("select USER_ENTITY", 1, "insert EVENT_ENTITY", 2, "update PKF_PASSKEY", 1, "delete CREDENTIAL", 1,
                        "select PKF_PASSKEY", 1),
                StatementCounter.statements(log));
    }
}
