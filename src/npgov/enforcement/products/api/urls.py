from __future__ import annotations

from rest_framework.routers import SimpleRouter

from npgov.enforcement.products.api import views

router = SimpleRouter()
router.register("product-categories", views.ProductCategoryViewSet, basename="enforcement-productcategory")
router.register("content-limits", views.ContentLimitViewSet, basename="enforcement-contentlimit")
router.register("product-samples", views.ProductSampleViewSet, basename="enforcement-productsample")
router.register("product-results", views.ProductResultViewSet, basename="enforcement-productresult")
urlpatterns = router.urls
