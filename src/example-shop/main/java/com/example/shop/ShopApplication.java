package com.example.shop;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The shop's own JAX-RS application: redkit brings none. */
@ApplicationPath("/shop")
public class ShopApplication extends Application {}
