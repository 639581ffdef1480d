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
                """;
        assertEquals(Map.of("select USER_ENTITY", 1, "insert EVENT_ENTITY", 2, "update PKF_PASSKEY", 1, "delete CREDENTIAL", 1),
                StatementCounter.statements(log));
    }
}
