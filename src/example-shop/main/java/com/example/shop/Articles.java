package com.example.shop;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/** The shop's data access, through its one (unnamed) persistence context. */
@ApplicationScoped
public class Articles {

    @PersistenceContext
    EntityManager em;

    @Transactional
    public Article create(String title) {
        Article article = new Article(title);
        em.persist(article);
        return article;
    }

    @Transactional
    public Article find(long id) {
        return em.find(Article.class, id);
    }

    public Statistics statistics() {
        return em.getEntityManagerFactory().unwrap(SessionFactory.class).getStatistics();
    }
}
