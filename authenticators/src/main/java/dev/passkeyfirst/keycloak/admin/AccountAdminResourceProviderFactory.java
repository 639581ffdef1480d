package dev.passkeyfirst.keycloak.admin;

import dev.passkeyfirst.keycloak.account.ActivityRetention;
import dev.passkeyfirst.keycloak.common.ClusterTask;
import dev.passkeyfirst.keycloak.vocabulary.ProviderIds;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.timer.TimerProvider;

import java.util.List;

/**
 * The admin REST API of the pack ({@code /admin/realms/{realm}/passkey-first/...}) and the schedule
 * of the adoption count behind its numbers and the metrics.
 */
public class AccountAdminResourceProviderFactory implements AdminRealmResourceProviderFactory {

    static final String ADOPTION_INTERVAL = "adoptionIntervalSeconds";
    private static final int DEFAULT_ADOPTION_INTERVAL = 900;
    /** Below this, counting would become a load of its own. */
    private static final int MIN_ADOPTION_INTERVAL = 10;

    static final String ADMIN_VIEW_CLIENT = "adminViewClient";
    static final String ACTIVITY_RETENTION_DAYS = "activityRetentionDays";
    static final String ACTIVITY_MAX_PER_USER = "activityMaxPerUser";
    static final String ACTIVITY_PURGE_INTERVAL = "activityPurgeIntervalSeconds";

    private long adoptionIntervalMillis;
    private boolean adminViewClient;
    private int activityRetentionDays;
    private int activityMaxPerUser;
    private long activityPurgeMillis;
    private ClusterTask adoption;
    private ClusterTask retention;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        // a provider of its own: Keycloak closes a provider with its session, and this factory's close
        // (at shutdown) stops the scheduled tasks
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
                return new AccountAdminResource(s, realm, auth, adminEvent);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        adoptionIntervalMillis = Math.max(MIN_ADOPTION_INTERVAL, config.getInt(ADOPTION_INTERVAL, DEFAULT_ADOPTION_INTERVAL)) * 1000L;
        adminViewClient = config.getBoolean(ADMIN_VIEW_CLIENT, true);
        activityRetentionDays = Math.max(1, config.getInt(ACTIVITY_RETENTION_DAYS, 90));
        activityMaxPerUser = Math.max(10, config.getInt(ACTIVITY_MAX_PER_USER, 500));
        activityPurgeMillis = Math.max(MIN_ADOPTION_INTERVAL, config.getInt(ACTIVITY_PURGE_INTERVAL, 3600)) * 1000L;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                if (adminViewClient) AdminViewClient.ensureInMaster(factory);
                // one node of the cluster counts per interval; the others read what it stored
                adoption = new ClusterTask(factory, new AdoptionCount(), adoptionIntervalMillis);
                retention = new ClusterTask(factory, new ActivityRetention(activityRetentionDays, activityMaxPerUser), activityPurgeMillis);
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    TimerProvider timer = session.getProvider(TimerProvider.class);
                    timer.schedule(adoption, adoptionIntervalMillis, AdoptionCount.TASK);
                    timer.schedule(retention, activityPurgeMillis, ActivityRetention.TASK);
                });
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(ADOPTION_INTERVAL).type("int").defaultValue(DEFAULT_ADOPTION_INTERVAL)
                .helpText("Seconds between two counts of passkey adoption (metrics and the admin view); one node of the cluster counts. At least 10.")
                .add()
                .property().name(ADMIN_VIEW_CLIENT).type("boolean").defaultValue(true)
                .helpText("Whether the master realm gets the public client pkf-admin-view, through which the admin view signs in.")
                .add()
                .property().name(ACTIVITY_RETENTION_DAYS).type("int").defaultValue(90)
                .helpText("Days a line of a user's account history (sign-ins, passkey changes) is kept.").add()
                .property().name(ACTIVITY_MAX_PER_USER).type("int").defaultValue(500)
                .helpText("Lines of account history kept per user at most; the oldest go first.").add()
                .property().name(ACTIVITY_PURGE_INTERVAL).type("int").defaultValue(3600)
                .helpText("Seconds between two removals of account history past its retention; one node of the cluster removes.").add()
                .build();
    }

    @Override
    public void close() {
        if (adoption != null) adoption.stop();
        if (retention != null) retention.stop();
    }

    @Override
    public String getId() {
        return ProviderIds.REALM_RESOURCE;
    }
}
