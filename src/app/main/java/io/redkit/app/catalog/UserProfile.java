package io.redkit.app.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's profile row: the system of record behind the cache-aside {@link ProfileService}. Not L2-cached. */
@Entity
@Table(name = "user_profiles")
public class UserProfile {

    @Id
    private Long userId;

    @Column(nullable = false)
    private String displayName;

    private String email;

    @Column(length = 2000)
    private String bio;

    private Instant updatedAt;

    protected UserProfile() {}

    UserProfile(long userId) {
        this.userId = userId;
    }

    void update(String displayName, String email, String bio) {
        this.displayName = displayName;
        this.email = email;
        this.bio = bio;
        this.updatedAt = Instant.now();
    }

    Long getUserId() {
        return userId;
    }

    String getDisplayName() {
        return displayName;
    }

    String getEmail() {
        return email;
    }

    String getBio() {
        return bio;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
