"""Pages of the strategy-book editor, the books put before a meeting, and the public pages of
endorsed books."""

from django.urls import path

from plans.books import strategy_views, views

urlpatterns = [
    path("books/", views.book_list, name="book_list"),
    path("areas/<area:code>/books/new/", views.book_new, name="book_new"),
    path("books/<id:pk>/", views.book_detail, name="book_detail"),
    path("books/<id:pk>/edit/", views.book_edit, name="book_edit"),
    path("books/<id:pk>/propose/", views.book_propose, name="book_propose"),
    path("books/<id:pk>/issues/new/", views.book_issue_new, name="book_issue_new"),
    path("books/<id:pk>/issues/<id:issue_pk>/edit/", views.book_issue_edit, name="book_issue_edit"),
    path(
        "books/<id:pk>/issues/<id:issue_pk>/measurements/",
        views.book_issue_measure,
        name="book_issue_measure",
    ),
    path(
        "books/<id:pk>/issues/<id:issue_pk>/order/",
        views.book_issue_order,
        name="book_issue_order",
    ),
    path(
        "books/<id:pk>/issues/<id:issue_pk>/merge/",
        views.book_issue_merge,
        name="book_issue_merge",
    ),
    path(
        "books/<id:pk>/issues/<id:issue_pk>/delete/",
        views.book_issue_delete,
        name="book_issue_delete",
    ),
    path("books/<id:pk>/items/move/", views.book_item_move, name="book_item_move"),
    path("books/<id:pk>/provenance/", views.book_provenance, name="book_provenance"),
    path("meetings/<id:pk>/books/", views.meeting_book_add, name="meeting_book_add"),
    path(
        "meetings/<id:pk>/books/<id:book_pk>/remove/",
        views.meeting_book_remove,
        name="meeting_book_remove",
    ),
    path("areas/<area:code>/strategies/", strategy_views.strategy_list, name="strategy_list"),
    path("areas/<area:code>/strategies/new/", strategy_views.strategy_new, name="strategy_new"),
    path(
        "areas/<area:code>/strategies/<id:pk>/edit/",
        strategy_views.strategy_edit,
        name="strategy_edit",
    ),
    path(
        "areas/<area:code>/strategies/<id:pk>/delete/",
        strategy_views.strategy_delete,
        name="strategy_delete",
    ),
    path("public/books/", views.public_book_list, name="public_book_list"),
    path("public/books/<id:pk>/", views.public_book, name="public_book"),
    path("public/books/<id:pk>/pdf/", views.public_book_pdf, name="public_book_pdf"),
    path(
        "public/books/<id:pk>/pdf/status/",
        views.public_book_pdf_status,
        name="public_book_pdf_status",
    ),
]
